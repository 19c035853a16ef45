package com.courtcast.edge;

/**
 * Carries a viewer's playback token into a playlist: appends the token query to every URI in it,
 * the URI lines (segments, variants) and every {@code URI="..."} attribute (EXT-X-MAP, EXT-X-PART,
 * EXT-X-PRELOAD-HINT, EXT-X-RENDITION-REPORT, EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF), so the
 * player's next requests carry it without the cached, token-free playlist ever changing.
 */
final class PlaylistRewriter {

    private PlaylistRewriter() {
    }

    static String appendQuery(String playlist, String query) {
        StringBuilder out = new StringBuilder(playlist.length() + 64 * 32);
        int start = 0;
        int length = playlist.length();
        while (start < length) {
            int end = playlist.indexOf('\n', start);
            int next = end < 0 ? length : end + 1;
            int lineEnd = end < 0 ? length : end;
            if (lineEnd > start && playlist.charAt(lineEnd - 1) == '\r') {
                lineEnd--;
            }
            String line = playlist.substring(start, lineEnd);
            if (line.isBlank()) {
                out.append(line);
            } else if (line.charAt(0) == '#') {
                appendToAttributes(out, line, query);
            } else {
                out.append(withQuery(line.trim(), query));
            }
            out.append(playlist, lineEnd, next);
            start = next;
        }
        return out.toString();
    }

    private static void appendToAttributes(StringBuilder out, String line, String query) {
        int from = 0;
        for (;;) {
            int at = line.indexOf("URI=\"", from);
            if (at < 0) {
                out.append(line, from, line.length());
                return;
            }
            int valueStart = at + 5;
            int close = line.indexOf('"', valueStart);
            if (close < 0) {
                out.append(line, from, line.length());
                return;
            }
            out.append(line, from, valueStart).append(withQuery(line.substring(valueStart, close), query)).append('"');
            from = close + 1;
        }
    }

    private static String withQuery(String uri, String query) {
        return uri + (uri.indexOf('?') < 0 ? '?' : '&') + query;
    }
}
