package com.courtcast.loadtest.latency;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an HLS media playlist (RFC 8216bis) that the latency benchmark reads: segments with
 * their media sequence numbers, durations, URIs and program date-times, and LL-HLS parts. A segment
 * still being written shows as a last segment with parts but no URI yet.
 *
 * <p>A segment without its own {@code EXT-X-PROGRAM-DATE-TIME} gets the previous segment's plus
 * that segment's duration (RFC 8216bis 4.4.4.6: the date-time of a segment follows from the one
 * before it). Tags the benchmark does not need are skipped.
 *
 * @param mediaSequence the first segment's media sequence number
 * @param mapUri the URI of the last EXT-X-MAP (the fMP4 init segment), or null
 * @param segments in playlist order
 */
public record MediaPlaylist(long mediaSequence, String mapUri, List<Segment> segments) {

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    /**
     * One media segment.
     *
     * @param msn media sequence number
     * @param programDateTime the wall-clock time of its first sample, or null if the playlist has none
     * @param durationSeconds its EXTINF duration; NaN for a segment still open
     * @param uri its URI as written; null for a segment still open
     * @param parts its LL-HLS parts, in order (empty without LL-HLS)
     */
    public record Segment(long msn, Instant programDateTime, double durationSeconds, String uri, List<Part> parts) {

        public boolean open() {
            return uri == null;
        }
    }

    /** One LL-HLS part: its index in its segment, duration and URI. */
    public record Part(int index, double durationSeconds, String uri) {}

    /** Parses a media playlist; lines it does not know are skipped. */
    public static MediaPlaylist parse(String text) {
        long mediaSequence = 0;
        List<Segment> segments = new ArrayList<>();
        Instant pendingDate = null;
        double pendingDuration = Double.NaN;
        List<Part> pendingParts = new ArrayList<>();
        long skipped = 0;
        String mapUri = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Long.parseLong(value(line));
            } else if (line.startsWith("#EXT-X-MAP:")) {
                mapUri = attribute(line, "URI");
            } else if (line.startsWith("#EXT-X-SKIP:")) {
                String count = attribute(line, "SKIPPED-SEGMENTS");
                skipped += count == null ? 0 : Long.parseLong(count);
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                pendingDate = dateTime(value(line));
            } else if (line.startsWith("#EXTINF:")) {
                String v = value(line);
                int comma = v.indexOf(',');
                pendingDuration = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
            } else if (line.startsWith("#EXT-X-PART:")) {
                String duration = attribute(line, "DURATION");
                pendingParts.add(new Part(pendingParts.size(),
                        duration == null ? Double.NaN : Double.parseDouble(duration), attribute(line, "URI")));
            } else if (!line.startsWith("#")) {
                long msn = mediaSequence + skipped + segments.size();
                segments.add(new Segment(msn, dateOf(pendingDate, segments), pendingDuration, line,
                        List.copyOf(pendingParts)));
                pendingDate = null;
                pendingDuration = Double.NaN;
                pendingParts.clear();
            }
        }
        if (!pendingParts.isEmpty()) {
            long msn = mediaSequence + skipped + segments.size();
            segments.add(new Segment(msn, dateOf(pendingDate, segments), Double.NaN, null, List.copyOf(pendingParts)));
        }
        return new MediaPlaylist(mediaSequence, mapUri, List.copyOf(segments));
    }

    private static Instant dateOf(Instant explicit, List<Segment> before) {
        if (explicit != null || before.isEmpty()) {
            return explicit;
        }
        Segment previous = before.getLast();
        if (previous.programDateTime() == null || Double.isNaN(previous.durationSeconds())) {
            return null;
        }
        return previous.programDateTime().plusNanos(Math.round(previous.durationSeconds() * 1e9));
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    /** The value of attribute {@code name} of a tag line, quotes removed; null if absent. */
    static String attribute(String line, String name) {
        Matcher m = ATTRIBUTE.matcher(value(line));
        while (m.find()) {
            if (m.group(1).equals(name)) {
                String v = m.group(2);
                return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static Instant dateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
