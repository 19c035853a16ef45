package com.courtcast.common.packaging;

import java.time.Instant;
import java.util.Objects;

/**
 * A new media segment began; its parts follow.
 *
 * @param msn media sequence number, strictly increasing for the rendition's lifetime
 * @param programDateTime wall-clock time of the segment's first frame as it reached the ingest, as
 *     estimated so far ({@link SegmentClosed} carries the final value)
 * @param discontinuity true when the segment's timing does not continue the previous one's
 *     (first segment after an encoder reconnect)
 * @param independent true when it starts with a keyframe (always, except when a GOP longer than the
 *     target duration forced a cut)
 */
public record SegmentOpened(long msn, Instant programDateTime, boolean discontinuity, boolean independent) {

    public SegmentOpened {
        Objects.requireNonNull(programDateTime, "programDateTime");
        if (msn < 0) {
            throw new IllegalArgumentException("msn must be >= 0, was " + msn);
        }
    }
}
