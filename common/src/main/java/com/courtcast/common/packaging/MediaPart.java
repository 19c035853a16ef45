package com.courtcast.common.packaging;

import java.util.Objects;

/**
 * One complete part (an fMP4 fragment: moof + mdat) of the open segment.
 *
 * @param msn the segment it belongs to
 * @param index 0-based position within the segment
 * @param independent true when it starts with a keyframe
 * @param durationMicros media duration
 * @param bytes the fragment; never modified after construction. A segment's bytes are its
 *     parts' bytes in order.
 */
public record MediaPart(long msn, int index, boolean independent, long durationMicros, byte[] bytes) {

    public MediaPart {
        Objects.requireNonNull(bytes, "bytes");
        if (index < 0 || durationMicros < 0) {
            throw new IllegalArgumentException("bad part " + msn + "." + index + " duration " + durationMicros);
        }
    }
}
