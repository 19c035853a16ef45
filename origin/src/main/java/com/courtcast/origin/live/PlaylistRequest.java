package com.courtcast.origin.live;

import com.courtcast.common.hls.SkipRequest;

/**
 * The delivery directives of one media playlist request (RFC 8216bis 6.2.5): which segment or
 * part the client wants the playlist to contain before it is answered, and whether it accepts a
 * delta update.
 *
 * @param msn {@code _HLS_msn}, or -1 when absent
 * @param part {@code _HLS_part}, or -1 when absent
 * @param skip {@code _HLS_skip}, or null when absent
 */
public record PlaylistRequest(long msn, int part, SkipRequest skip) {

    public static final PlaylistRequest PLAIN = new PlaylistRequest(-1, -1, null);

    /** Thrown for directives the spec says to answer with 400. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    public boolean blocking() {
        return msn >= 0;
    }

    /** Parses the query parameters; null arguments mean absent. */
    public static PlaylistRequest parse(String msn, String part, String skip) throws BadRequest {
        if (part != null && msn == null) {
            throw new BadRequest("_HLS_part requires _HLS_msn"); // 6.2.5.2
        }
        long parsedMsn = msn == null ? -1 : parseNumber("_HLS_msn", msn, Long.MAX_VALUE);
        int parsedPart = part == null ? -1 : (int) parseNumber("_HLS_part", part, Integer.MAX_VALUE);
        SkipRequest parsedSkip = null;
        if (skip != null) {
            parsedSkip = SkipRequest.ofDirective(skip);
            if (parsedSkip == null) {
                throw new BadRequest("_HLS_skip must be YES or v2, was " + abbreviate(skip));
            }
        }
        return new PlaylistRequest(parsedMsn, parsedPart, parsedSkip);
    }

    private static long parseNumber(String name, String text, long max) throws BadRequest {
        if (text.isEmpty() || text.length() > 19) {
            throw new BadRequest(name + " must be a decimal integer, was " + abbreviate(text));
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadRequest(name + " must be a decimal integer, was " + abbreviate(text));
            }
            value = value * 10 + (c - '0');
            if (value > max || value < 0) {
                throw new BadRequest(name + " is out of range");
            }
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() > 24 ? text.substring(0, 24) + "..." : text;
    }
}
