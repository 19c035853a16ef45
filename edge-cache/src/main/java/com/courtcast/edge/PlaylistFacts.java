package com.courtcast.edge;

/**
 * The few things the edge needs from a playlist, found by a line scan: the target duration,
 * the part target (LL-HLS), whether it has ended, and the URI of a preload-hinted part.
 *
 * @param targetDuration {@code EXT-X-TARGETDURATION} in seconds, 0 for a multivariant playlist
 * @param partTarget {@code EXT-X-PART-INF:PART-TARGET} in seconds, 0 when the playlist has no parts
 * @param ended {@code EXT-X-ENDLIST} present
 * @param preloadHintUri the URI of {@code EXT-X-PRELOAD-HINT:TYPE=PART}, null when there is none
 */
record PlaylistFacts(double targetDuration, double partTarget, boolean ended, String preloadHintUri) {

    static PlaylistFacts scan(CharSequence text) {
        double target = 0;
        double part = 0;
        boolean ended = false;
        String hint = null;
        int length = text.length();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && text.charAt(end) != '\n') {
                end++;
            }
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd > start && text.charAt(start) == '#') {
                String line = text.subSequence(start, lineEnd).toString();
                if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                    target = number(line.substring("#EXT-X-TARGETDURATION:".length()));
                } else if (line.startsWith("#EXT-X-PART-INF:")) {
                    part = number(attribute(line, "PART-TARGET"));
                } else if (line.equals("#EXT-X-ENDLIST")) {
                    ended = true;
                } else if (line.startsWith("#EXT-X-PRELOAD-HINT:") && "PART".equals(attribute(line, "TYPE"))) {
                    hint = attribute(line, "URI");
                }
            }
            start = end + 1;
        }
        return new PlaylistFacts(target, part, ended, hint);
    }

    boolean lowLatency() {
        return partTarget > 0;
    }

    /** The value of {@code NAME=value} or {@code NAME="value"} in an attribute list, null when absent. */
    static String attribute(String line, String name) {
        int colon = line.indexOf(':');
        int at = colon;
        while (at >= 0) {
            at = line.indexOf(name + "=", at + 1);
            if (at < 0) {
                return null;
            }
            char before = line.charAt(at - 1);
            if (before == ',' || before == ':') {
                break;
            }
        }
        int from = at + name.length() + 1;
        if (from < line.length() && line.charAt(from) == '"') {
            int close = line.indexOf('"', from + 1);
            return close < 0 ? null : line.substring(from + 1, close);
        }
        int comma = line.indexOf(',', from);
        return line.substring(from, comma < 0 ? line.length() : comma);
    }

    private static double number(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
