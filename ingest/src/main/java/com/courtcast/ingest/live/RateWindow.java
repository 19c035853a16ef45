package com.courtcast.ingest.live;

/**
 * Frame rate and bit rate over the last few seconds of media time, from a fixed ring of
 * (timestamp, size) samples: constant memory and no allocation per frame.
 */
final class RateWindow {

    private static final int CAPACITY = 1024;

    private final long spanMillis;
    private final long[] timestamps = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private int next;
    private int count;

    RateWindow(long spanMillis) {
        this.spanMillis = spanMillis;
    }

    void add(long timestampMillis, int size) {
        timestamps[next] = timestampMillis;
        sizes[next] = size;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    void clear() {
        count = 0;
    }

    /** Samples per second, or 0 with fewer than two samples. */
    double perSecond() {
        Span span = span();
        return span == null ? 0 : (span.samples - 1) * 1000.0 / span.millis;
    }

    /** Bits per second over the window, or 0 with fewer than two samples. */
    long bitsPerSecond() {
        Span span = span();
        return span == null ? 0 : Math.round((span.bytes - span.lastSize) * 8000.0 / span.millis);
    }

    private record Span(int samples, long millis, long bytes, int lastSize) {}

    private Span span() {
        if (count < 2) {
            return null;
        }
        int newest = (next - 1 + CAPACITY) % CAPACITY;
        long end = timestamps[newest];
        int samples = 0;
        long bytes = 0;
        long start = end;
        int lastSize = 0;
        for (int i = 0; i < count; i++) {
            int index = (newest - i + CAPACITY) % CAPACITY;
            if (end - timestamps[index] > spanMillis) {
                break;
            }
            samples++;
            bytes += sizes[index];
            start = timestamps[index];
            lastSize = sizes[index];
        }
        long millis = end - start;
        return samples < 2 || millis <= 0 ? null : new Span(samples, millis, bytes, lastSize);
    }
}
