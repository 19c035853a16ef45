package com.courtcast.common.packaging;

import java.time.Instant;
import java.util.Objects;

/**
 * The open segment is complete.
 *
 * @param msn the segment
 * @param partCount how many parts it has
 * @param durationMicros its media duration (the sum of its parts')
 * @param targetDurationSeconds the EXT-X-TARGETDURATION the packager guarantees for this rendition:
 *     fixed from the first closed segment on, and no segment's rounded duration exceeds it
 * @param partTargetMicros the PART-TARGET every part of this rendition respects, fixed from the
 *     first closed segment on
 * @param programDateTime the segment's wall-clock start as finally known; it replaces the estimate
 *     given when the segment opened (which the first frames of a publish can make late)
 */
public record SegmentClosed(long msn, int partCount, long durationMicros, int targetDurationSeconds,
                            long partTargetMicros, Instant programDateTime) {

    public SegmentClosed {
        Objects.requireNonNull(programDateTime, "programDateTime");
        if (partCount <= 0 || durationMicros < 0 || targetDurationSeconds <= 0 || partTargetMicros <= 0) {
            throw new IllegalArgumentException("bad segment " + msn + ": " + partCount + " parts, "
                    + durationMicros + " us, target " + targetDurationSeconds + " s, part target " + partTargetMicros);
        }
    }
}
