package com.courtcast.origin.recording;

import com.courtcast.common.config.Settings;

/**
 * Bounds on what the recorder holds in memory while the disk catches up.
 *
 * @param maxQueuedBytesPerSession segment bytes one rendition may have waiting for the disk; past it
 *     new segments fail at once (and leave a gap) instead of growing the heap without bound
 */
public record RecorderLimits(long maxQueuedBytesPerSession) {

    /** About 50 s of a 10 Mbit/s rendition: rides out a slow fsync, not a dead disk. */
    public static final long DEFAULT_MAX_QUEUED_BYTES_PER_SESSION = 64L << 20;

    public static final RecorderLimits DEFAULTS = new RecorderLimits(DEFAULT_MAX_QUEUED_BYTES_PER_SESSION);

    public RecorderLimits {
        if (maxQueuedBytesPerSession <= 0) {
            throw new IllegalArgumentException(
                    "origin.recording.maxQueuedBytes must be > 0, was " + maxQueuedBytesPerSession);
        }
    }

    /** Reads {@code origin.recording.maxQueuedBytes}. */
    public static RecorderLimits from(Settings settings) {
        return new RecorderLimits(settings.longValue("origin.recording.maxQueuedBytes",
                DEFAULT_MAX_QUEUED_BYTES_PER_SESSION, 1 << 20, 1L << 34));
    }
}
