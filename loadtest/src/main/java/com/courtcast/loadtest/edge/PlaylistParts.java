package com.courtcast.loadtest.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The LL-HLS lines of a media playlist that name parts: what a viewer needs to follow a live stream. */
public final class PlaylistParts {

    /** A listed part: its URI as the playlist gives it and its place. */
    public record Listed(String uri, PartPosition position) {}

    private static final String HINT_TAG = "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=";
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"([^\"]+)\"");
    private static final String PART_TAG = "#EXT-X-PART:";
    private static final String URI_ATTRIBUTE = "URI=\"";
    private static final String MEDIA_SEQUENCE_TAG = "#EXT-X-MEDIA-SEQUENCE:";
    private static final String SKIPPED_ATTRIBUTE = "SKIPPED-SEGMENTS=";

    private PlaylistParts() {
    }

    /** The URI of the playlist's PRELOAD-HINT for the next part, or null. */
    public static String preloadHint(String playlist) {
        // The hint closes the playlist: searching from the end spares thousands of viewers a scan of every line.
        int at = playlist.lastIndexOf(HINT_TAG);
        if (at < 0) {
            return null;
        }
        Matcher matcher = HINT.matcher(playlist).region(at, playlist.length());
        return matcher.lookingAt() ? matcher.group(1) : null;
    }

    /** The URIs of every EXT-X-PART the playlist lists, oldest first. */
    public static List<String> parts(String playlist) {
        return listed(playlist).stream().map(Listed::uri).toList();
    }

    /**
     * Every EXT-X-PART the playlist lists with its place, oldest first: segments count up from
     * EXT-X-MEDIA-SEQUENCE (and past an EXT-X-SKIP's skipped segments), each URI line closes a
     * segment, and a segment's parts are numbered from 0.
     */
    public static List<Listed> listed(String playlist) {
        List<Listed> listed = new ArrayList<>();
        scan(playlist, (uriStart, uriEnd, msn, index) ->
                listed.add(new Listed(playlist.substring(uriStart, uriEnd), new PartPosition(msn, index))));
        return listed;
    }

    /**
     * The newest part the playlist lists, or null when it lists none: what a viewer following the
     * stream needs from each playlist, found without collecting the others (thousands of
     * simulated viewers read a playlist per part each).
     */
    public static Listed newest(String playlist) {
        long[] newest = {-1, -1, -1, -1};
        scan(playlist, (uriStart, uriEnd, msn, index) -> {
            newest[0] = uriStart;
            newest[1] = uriEnd;
            newest[2] = msn;
            newest[3] = index;
        });
        return newest[0] < 0 ? null : new Listed(playlist.substring((int) newest[0], (int) newest[1]),
                new PartPosition(newest[2], (int) newest[3]));
    }

    private interface PartVisitor {
        void part(int uriStart, int uriEnd, long msn, int index);
    }

    private static void scan(String playlist, PartVisitor visitor) {
        long msn = 0;
        int partsInSegment = 0;
        int start = 0;
        while (start < playlist.length()) {
            int end = playlist.indexOf('\n', start);
            if (end < 0) {
                end = playlist.length();
            }
            if (playlist.startsWith(PART_TAG, start)) {
                int uri = playlist.indexOf(URI_ATTRIBUTE, start);
                int close = uri < 0 || uri > end ? -1 : playlist.indexOf('"', uri + URI_ATTRIBUTE.length());
                if (close >= 0 && close < end) {
                    visitor.part(uri + URI_ATTRIBUTE.length(), close, msn, partsInSegment);
                }
                partsInSegment++;
            } else if (playlist.startsWith(MEDIA_SEQUENCE_TAG, start)) {
                msn = Long.parseLong(playlist.substring(start + MEDIA_SEQUENCE_TAG.length(), end).trim());
            } else if (playlist.startsWith("#EXT-X-SKIP:", start)) {
                msn += skippedSegments(playlist.substring(start, end));
            } else if (end > start && playlist.charAt(start) != '#' && !playlist.substring(start, end).isBlank()) {
                msn++;
                partsInSegment = 0;
            }
            start = end + 1;
        }
    }

    private static long skippedSegments(String line) {
        int at = line.indexOf(SKIPPED_ATTRIBUTE);
        if (at < 0) {
            return 0;
        }
        int from = at + SKIPPED_ATTRIBUTE.length();
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) {
            to++;
        }
        return to > from ? Long.parseLong(line.substring(from, to)) : 0;
    }
}
