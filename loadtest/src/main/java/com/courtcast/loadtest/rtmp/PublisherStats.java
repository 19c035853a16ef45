package com.courtcast.loadtest.rtmp;

import com.courtcast.common.media.TrackType;

/**
 * One publisher's counters. Written only by the publisher's event loop (so plain increments of
 * volatile fields are safe), read by the benchmark thread through {@link #snapshot()}.
 */
final class PublisherStats {

    private volatile long videoSent;
    private volatile long audioSent;
    private volatile long videoDropped;
    private volatile long audioDropped;
    private volatile long bytesSent;
    private volatile long maxLateNanos;
    private volatile boolean published;
    private volatile String failure;

    void sent(TrackType track, int bytes, long lateNanos) {
        if (track == TrackType.VIDEO) {
            videoSent++;
        } else {
            audioSent++;
        }
        bytesSent += bytes;
        if (lateNanos > maxLateNanos) {
            maxLateNanos = lateNanos;
        }
    }

    /**
     * Starts measuring the lateness afresh (at the window's start). Called from another thread: a
     * write racing with it may keep a value from just before, which is harmless.
     */
    void resetMaxLate() {
        maxLateNanos = 0;
    }

    void dropped(int video, int audio) {
        videoDropped += video;
        audioDropped += audio;
    }

    void published() {
        published = true;
    }

    /** Keeps the first failure: later ones are usually its consequences. */
    void failed(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    PublisherCounts snapshot() {
        return new PublisherCounts(videoSent, audioSent, videoDropped, audioDropped, bytesSent,
                maxLateNanos / 1_000_000, published, failure);
    }
}
