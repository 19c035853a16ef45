package com.courtcast.ingest.live;

/**
 * Per-consumer queue bounds: past either one a consumer loses frames until the next keyframe.
 *
 * @param maxQueuedFrames access units queued for one consumer
 * @param maxQueuedBytes payload bytes queued for one consumer
 */
public record FanOutLimits(int maxQueuedFrames, long maxQueuedBytes) {

    /** About 8 s of 30 fps video with its audio. */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 600;
    /** About 25 s of a 10 Mbit/s stream. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 32L << 20;

    public static final FanOutLimits DEFAULTS = new FanOutLimits(DEFAULT_MAX_QUEUED_FRAMES, DEFAULT_MAX_QUEUED_BYTES);

    public FanOutLimits {
        if (maxQueuedFrames <= 0) {
            throw new IllegalArgumentException("ingest.consumerQueueFrames must be > 0, was " + maxQueuedFrames);
        }
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("ingest.consumerQueueBytes must be > 0, was " + maxQueuedBytes);
        }
    }
}
