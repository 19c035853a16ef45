package com.courtcast.transcoder.packager;

/**
 * Turns an audio track's millisecond timestamps into sample-exact times in the track's timescale.
 *
 * <p>RTMP carries whole milliseconds, so AAC frames of 1024 samples at 48 kHz arrive 21 or 22 ms
 * apart; taken literally that makes every sample duration wrong by up to 48 ticks. Frames that
 * arrive within a millisecond of where the previous frame ends are snapped onto the continuous
 * timeline; anything further off (a gap, dropped frames) starts the timeline afresh from the
 * timestamp.
 */
final class AudioTimeline {

    /** Samples per coded frame: AAC-LC 1024 (960 in the rare short-frame mode), HE-AAC 2048. */
    private static final int[] FRAME_SIZES = {960, 1024, 2048};
    private static final int DEFAULT_FRAME_TICKS = 1024;

    private final int sampleRate;
    private final long toleranceTicks;
    private long lastTime = -1;
    private int frameTicks;

    AudioTimeline(int sampleRate) {
        this.sampleRate = sampleRate;
        this.toleranceTicks = sampleRate / 1000 + 1;
    }

    int timescale() {
        return sampleRate;
    }

    /** The time of a frame with the given timestamp, in samples. */
    long timeOf(long dtsMillis) {
        long raw = Math.round(dtsMillis * (double) sampleRate / 1000.0);
        if (lastTime < 0) {
            lastTime = raw;
            return raw;
        }
        long delta = raw - lastTime;
        if (frameTicks == 0) {
            frameTicks = nearestFrameSize(delta);
        }
        long time = frameTicks > 0 && Math.abs(delta - frameTicks) <= toleranceTicks ? lastTime + frameTicks : raw;
        lastTime = time;
        return time;
    }

    /** The duration of a frame, learnt from the first two frames. */
    int frameTicks() {
        return frameTicks > 0 ? frameTicks : DEFAULT_FRAME_TICKS;
    }

    private int nearestFrameSize(long delta) {
        for (int size : FRAME_SIZES) {
            if (Math.abs(delta - size) <= toleranceTicks) {
                return size;
            }
        }
        return 0;
    }
}
