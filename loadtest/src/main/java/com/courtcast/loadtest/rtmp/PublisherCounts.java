package com.courtcast.loadtest.rtmp;

/**
 * A publisher's counters at one moment.
 *
 * @param videoSent video frames written (configurations not counted)
 * @param audioSent audio frames written
 * @param videoDropped video frames given up because the server did not read fast enough
 * @param audioDropped audio frames given up with them
 * @param bytesSent media payload bytes written
 * @param maxLateMillis the latest a frame was written after it was due while the connection was
 *     writable: the load generator's own delay, not the server's
 * @param published whether the server ever answered {@code NetStream.Publish.Start}
 * @param failure why the session failed or closed early, or null
 */
public record PublisherCounts(long videoSent, long audioSent, long videoDropped, long audioDropped, long bytesSent,
                              long maxLateMillis, boolean published, String failure) {

    public long framesSent() {
        return videoSent + audioSent;
    }

    public long framesDropped() {
        return videoDropped + audioDropped;
    }
}
