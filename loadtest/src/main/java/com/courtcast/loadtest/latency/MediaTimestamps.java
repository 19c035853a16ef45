package com.courtcast.loadtest.latency;

/**
 * Reads the first video timestamp out of a media file, to line up two servers' clocks on the same
 * frames: the decode time of an fMP4 fragment ({@code moof/traf/tfdt} of the video track, ISO/IEC
 * 14496-12 8.8.12), with the track and its timescale from the init segment ({@code moov/trak}:
 * {@code tkhd}, {@code mdia/mdhd}, {@code mdia/hdlr} of type {@code vide}); and the first video PES
 * timestamp of an MPEG-TS file (ISO/IEC 13818-1 2.4.3.6, 2.4.3.7), DTS where present, else PTS, in
 * 90 kHz. Both return -1 when there is none; malformed input ends the search, never throws.
 */
final class MediaTimestamps {

    private static final int TS_PACKET = 188;

    /** The video track of an init segment: its id and timescale. */
    record VideoTrack(long trackId, long timescale) {}

    private MediaTimestamps() {
    }

    /** The video track of an fMP4 init segment, or null if it has none. */
    static VideoTrack videoTrack(byte[] init) {
        int moov = child(init, 0, init.length, "moov");
        if (moov < 0) {
            return null;
        }
        for (int trak = child(init, body(init, moov), end(init, moov), "trak"); trak >= 0;
             trak = sibling(init, trak, end(init, moov), "trak")) {
            int mdia = child(init, body(init, trak), end(init, trak), "mdia");
            int tkhd = child(init, body(init, trak), end(init, trak), "tkhd");
            if (mdia < 0 || tkhd < 0) {
                continue;
            }
            int hdlr = child(init, body(init, mdia), end(init, mdia), "hdlr");
            int mdhd = child(init, body(init, mdia), end(init, mdia), "mdhd");
            if (hdlr < 0 || mdhd < 0 || !type(init, body(init, hdlr) + 8).equals("vide")) {
                continue;
            }
            int t = body(init, tkhd);
            long trackId = u32(init, t + (init[t] == 1 ? 20 : 12));
            int m = body(init, mdhd);
            long timescale = u32(init, m + (init[m] == 1 ? 20 : 12));
            return new VideoTrack(trackId, timescale);
        }
        return null;
    }

    /** The base media decode time of track {@code trackId} in the first fragment, in its timescale; -1 if none. */
    static long decodeTime(byte[] fragment, long trackId) {
        for (int moof = child(fragment, 0, fragment.length, "moof"); moof >= 0;
             moof = sibling(fragment, moof, fragment.length, "moof")) {
            for (int traf = child(fragment, body(fragment, moof), end(fragment, moof), "traf"); traf >= 0;
                 traf = sibling(fragment, traf, end(fragment, moof), "traf")) {
                int tfhd = child(fragment, body(fragment, traf), end(fragment, traf), "tfhd");
                int tfdt = child(fragment, body(fragment, traf), end(fragment, traf), "tfdt");
                if (tfhd < 0 || tfdt < 0 || u32(fragment, body(fragment, tfhd) + 4) != trackId) {
                    continue;
                }
                int b = body(fragment, tfdt);
                return fragment[b] == 1 ? u64(fragment, b + 4) : u32(fragment, b + 4);
            }
        }
        return -1;
    }

    /** The first video (stream id 0xE0-0xEF) PES timestamp of an MPEG-TS file, 90 kHz; -1 if none. */
    static long firstVideoTimestamp(byte[] ts) {
        for (int p = 0; p + TS_PACKET <= ts.length; p += TS_PACKET) {
            if (ts[p] != 0x47 || (ts[p + 1] & 0x40) == 0) {
                continue; // not in sync, or no PES starts in this packet
            }
            int control = (ts[p + 3] >> 4) & 0x3;
            int payload = p + 4;
            if (control == 2) {
                continue;
            }
            if (control == 3) {
                payload += 1 + (ts[p + 4] & 0xFF);
            }
            if (payload + 19 > p + TS_PACKET) {
                continue;
            }
            if (ts[payload] != 0 || ts[payload + 1] != 0 || ts[payload + 2] != 1
                    || (ts[payload + 3] & 0xF0) != 0xE0) {
                continue;
            }
            int flags = (ts[payload + 7] >> 6) & 0x3;
            if (flags == 3) {
                return timestamp(ts, payload + 14);
            }
            if (flags == 2) {
                return timestamp(ts, payload + 9);
            }
        }
        return -1;
    }

    private static long timestamp(byte[] b, int i) {
        return ((long) ((b[i] >> 1) & 0x07) << 30) | ((long) (b[i + 1] & 0xFF) << 22)
                | ((long) ((b[i + 2] & 0xFF) >> 1) << 15) | ((long) (b[i + 3] & 0xFF) << 7)
                | ((b[i + 4] & 0xFF) >> 1);
    }

    /** The first box of {@code type} in [from, to), or -1. */
    private static int child(byte[] b, int from, int to, String type) {
        for (int at = from; at + 8 <= to; ) {
            long size = size(b, at, to);
            if (size < 8) {
                return -1;
            }
            if (type(b, at + 4).equals(type)) {
                return at;
            }
            at += (int) size;
        }
        return -1;
    }

    private static int sibling(byte[] b, int box, int to, String type) {
        long size = size(b, box, to);
        return size < 8 ? -1 : child(b, box + (int) size, to, type);
    }

    /** A box's size, with 64-bit sizes and "to the end" (0) resolved; 0 if it does not fit. */
    private static long size(byte[] b, int at, int to) {
        long size = u32(b, at);
        if (size == 1 && at + 16 <= to) {
            size = u64(b, at + 8);
        } else if (size == 0) {
            size = to - at;
        }
        return at + size > to ? 0 : size;
    }

    private static int body(byte[] b, int box) {
        return box + (u32(b, box) == 1 ? 16 : 8);
    }

    private static int end(byte[] b, int box) {
        return box + (int) size(b, box, b.length);
    }

    private static String type(byte[] b, int at) {
        return at + 4 <= b.length ? new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
    }

    private static long u32(byte[] b, int at) {
        if (at + 4 > b.length) {
            return -1;
        }
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long u64(byte[] b, int at) {
        return at + 8 > b.length ? -1 : (u32(b, at) << 32) | u32(b, at + 4);
    }
}
