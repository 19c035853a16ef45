package com.courtcast.transcoder.packager;

import com.courtcast.transcoder.cmaf.Sample;
import com.courtcast.transcoder.cmaf.TrackFragment;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples of one track waiting for the current part to end. Holds one reference to each
 * payload (the ingest's buffer, not a copy) until {@link #clear()}.
 */
final class TrackBuffer {

    private final int trackId;
    private final List<ByteBuf> payloads = new ArrayList<>();
    private final List<long[]> timing = new ArrayList<>(); // {time, duration, compositionOffset, sync}

    TrackBuffer(int trackId) {
        this.trackId = trackId;
    }

    /** Adds a sample; takes over one reference to {@code payload}. */
    void add(ByteBuf payload, long time, long duration, long compositionOffset, boolean sync) {
        payloads.add(payload);
        timing.add(new long[] {time, duration, compositionOffset, sync ? 1 : 0});
    }

    /**
     * Makes the last sample last until {@code nextTime} when that continues it (used for audio,
     * whose provisional durations assume no gap).
     */
    void stretchLastTo(long nextTime) {
        if (!timing.isEmpty()) {
            long[] last = timing.getLast();
            last[1] = Math.max(0, nextTime - last[0]);
        }
    }

    boolean isEmpty() {
        return payloads.isEmpty();
    }

    boolean firstIsSync() {
        return !timing.isEmpty() && timing.getFirst()[3] == 1;
    }

    /** The buffered samples as a track fragment; the payloads stay owned by this buffer. */
    TrackFragment fragment() {
        List<Sample> samples = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            long[] t = timing.get(i);
            samples.add(new Sample(payloads.get(i), Math.toIntExact(t[1]), Math.toIntExact(t[2]), t[3] == 1));
        }
        return new TrackFragment(trackId, timing.getFirst()[0], samples);
    }

    void clear() {
        for (ByteBuf payload : payloads) {
            payload.release();
        }
        payloads.clear();
        timing.clear();
    }
}
