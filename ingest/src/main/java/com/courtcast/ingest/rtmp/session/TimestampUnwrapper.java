package com.courtcast.ingest.rtmp.session;

/**
 * Widens 32-bit RTMP timestamps to a 64-bit timeline that does not go back when they wrap
 * (after 49.7 days, or sooner with encoders that start at a large value). A timestamp a little
 * behind the last one (audio and video interleave loosely) is taken as before the wrap.
 */
final class TimestampUnwrapper {

    private static final long WRAP = 1L << 32;
    private static final long HALF = 1L << 31;

    private long epoch;
    private long last = -1;

    long unwrap(long timestamp32) {
        if (last < 0) {
            last = timestamp32;
            return timestamp32;
        }
        long value;
        if (timestamp32 < last - HALF) {
            epoch += WRAP;
            last = timestamp32;
            value = epoch + timestamp32;
        } else if (timestamp32 > last + HALF && epoch > 0) {
            value = epoch - WRAP + timestamp32;
        } else {
            last = Math.max(last, timestamp32);
            value = epoch + timestamp32;
        }
        return value;
    }
}
