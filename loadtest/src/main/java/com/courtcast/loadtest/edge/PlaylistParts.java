package com.courtcast.loadtest.edge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A part's position as CourtCast names it ({@code <rendition>-<prefix>-<msn>.<index>.m4s}), and
 * the LL-HLS lines of a playlist that name parts.
 *
 * @param msn the media sequence number of the part's segment
 * @param index the part's index within the segment
 */
public record PartName(long msn, int index) implements Comparable<PartName> {

    private static final Pattern NAME = Pattern.compile("-(\\d+)\\.(\\d+)\\.m4s(?:\\?.*)?$");
    private static final String HINT_TAG = "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=";
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"([^\"]+)\"");
    private static final Pattern PART = Pattern.compile("#EXT-X-PART:[^\\n]*URI=\"([^\"]+)\"");

    /** The position a part URI names, or null when the URI is not a CourtCast part. */
    public static PartName of(String uri) {
        Matcher matcher = NAME.matcher(uri);
        return matcher.find() ? new PartName(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2))) : null;
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
    public static java.util.List<String> parts(String playlist) {
        java.util.List<String> uris = new java.util.ArrayList<>();
        Matcher matcher = PART.matcher(playlist);
        while (matcher.find()) {
            uris.add(matcher.group(1));
        }
        return uris;
    }

    @Override
    public int compareTo(PartName other) {
        return msn != other.msn ? Long.compare(msn, other.msn) : Integer.compare(index, other.index);
    }

    /** Whether this is the part right after {@code previous} in the same segment. */
    public boolean follows(PartName previous) {
        return msn == previous.msn && index == previous.index + 1;
    }

    /** The query that blocks until this part is listed (RFC 8216bis 6.2.5.2). */
    public String blockingQuery() {
        return "_HLS_msn=" + msn + "&_HLS_part=" + index;
    }
}
