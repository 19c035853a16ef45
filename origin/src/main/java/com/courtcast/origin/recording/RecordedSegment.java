package com.courtcast.origin.recording;

import java.time.Instant;

/**
 * One media segment of a recording, as journaled.
 *
 * @param msn media sequence number the live playlist gave it
 * @param fileName the segment's file in the rendition directory; {@code [A-Za-z0-9_-][A-Za-z0-9._-]{0,127}},
 *     unique within the rendition of a recording
 * @param initFileName the init segment it decodes with, written before with
 *     {@link RecordingSession#writeInit}
 * @param durationMicros media duration
 * @param programDateTime wall-clock time of its first sample, or null when unknown
 * @param discontinuity whether a player must reset its decoder before it (a new publish, an
 *     encoder change, or segments lost just before it)
 */
public record RecordedSegment(long msn, String fileName, String initFileName, long durationMicros,
                              Instant programDateTime, boolean discontinuity) {

    public RecordedSegment {
        if (msn < 0) {
            throw new IllegalArgumentException("msn must be >= 0, was " + msn);
        }
        Names.requireFileName("fileName", fileName);
        Names.requireFileName("initFileName", initFileName);
        if (durationMicros < 0) {
            throw new IllegalArgumentException("durationMicros must be >= 0, was " + durationMicros);
        }
    }

    /** This segment marked as following a discontinuity. */
    RecordedSegment withDiscontinuity() {
        return discontinuity ? this
                : new RecordedSegment(msn, fileName, initFileName, durationMicros, programDateTime, true);
    }
}
