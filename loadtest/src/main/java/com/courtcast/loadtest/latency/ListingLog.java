package com.courtcast.loadtest.latency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each part (or segment) of a live playlist first appeared to a client polling it, and when
 * the media that ends it reached the server: the difference is the listing lag, the time from the
 * server having a part's media to a player being able to see the part.
 *
 * <p>"The media that ends a part" is the first frame after it: a server can close a part only once
 * it has that frame (or its timestamp), so this is the earliest a part could be listed. Its arrival
 * time comes from the server's own clock, read out of the playlist in one of two ways:
 * <ul>
 *   <li>{@link Mode#PARTS_BY_PROGRAM_DATE_TIME} (CourtCast): a segment's EXT-X-PROGRAM-DATE-TIME is
 *       the wall-clock time its first frame reached the packager (the packager anchors media time to
 *       the arrival of the first frame), so a part ends at the segment's date-time plus the
 *       durations of the parts up to and including it;</li>
 *   <li>{@link Mode#SEGMENTS_BY_SYSTEM_NAME} (nginx-rtmp with {@code hls_fragment_naming system}):
 *       a fragment's name is nginx's clock when its first keyframe arrived, so a segment ends when
 *       the next segment is named.</li>
 * </ul>
 * Parts already listed at the first observation are left out: when they appeared is unknown.
 * Not thread-safe; the poller that feeds it is its only user.
 */
public final class ListingLog {

    /** How a playlist tells when the media ending each part reached the server. */
    public enum Mode {
        PARTS_BY_PROGRAM_DATE_TIME,
        SEGMENTS_BY_SYSTEM_NAME
    }

    /**
     * One part (or segment) that appeared while the log was watching.
     *
     * @param name {@code msn.part} for parts, the URI for segments
     * @param firstSeen when a poll first returned a playlist listing it
     * @param mediaEndArrival when the media that ends it reached the server (server clock); null if
     *     not known (the next segment had not been named yet)
     */
    public record Listing(String name, Instant firstSeen, Instant mediaEndArrival) {

        /** {@code firstSeen - mediaEndArrival} in milliseconds; NaN if the arrival is unknown. */
        public double lagMillis() {
            return mediaEndArrival == null ? Double.NaN
                    : Duration.between(mediaEndArrival, firstSeen).toNanos() / 1e6;
        }
    }

    private static final Pattern EPOCH_MILLIS_NAME = Pattern.compile("(\\d{12,14})\\.[A-Za-z0-9]+$");

    private final Mode mode;
    private final Set<String> preexisting = new HashSet<>();
    private final Map<String, Listing> parts = new LinkedHashMap<>();
    /** Segments by media sequence number: URI and first sighting (SEGMENTS_BY_SYSTEM_NAME). */
    private final TreeMap<Long, Listing> segments = new TreeMap<>();
    private boolean observed;

    public ListingLog(Mode mode) {
        this.mode = mode;
    }

    /** Records what a poll returned at {@code seenAt}. */
    public void observe(Instant seenAt, MediaPlaylist playlist) {
        boolean first = !observed;
        observed = true;
        for (MediaPlaylist.Segment segment : playlist.segments()) {
            switch (mode) {
                case PARTS_BY_PROGRAM_DATE_TIME -> observeParts(seenAt, segment, first);
                case SEGMENTS_BY_SYSTEM_NAME -> observeSegment(seenAt, segment, first);
            }
        }
    }

    private void observeParts(Instant seenAt, MediaPlaylist.Segment segment, boolean first) {
        double endSeconds = 0;
        for (MediaPlaylist.Part part : segment.parts()) {
            endSeconds += part.durationSeconds();
            String name = segment.msn() + "." + part.index();
            if (first) {
                preexisting.add(name);
            } else if (!preexisting.contains(name) && !parts.containsKey(name)) {
                Instant end = segment.programDateTime() == null || Double.isNaN(endSeconds) ? null
                        : segment.programDateTime().plusNanos(Math.round(endSeconds * 1e9));
                parts.put(name, new Listing(name, seenAt, end));
            }
        }
    }

    private void observeSegment(Instant seenAt, MediaPlaylist.Segment segment, boolean first) {
        if (segment.open()) {
            return;
        }
        if (first) {
            preexisting.add(segment.uri());
            // still needed: its name dates the end of the segment before it
            segments.putIfAbsent(segment.msn(), new Listing(segment.uri(), null, null));
        } else if (!segments.containsKey(segment.msn())) {
            segments.put(segment.msn(), new Listing(segment.uri(), seenAt, null));
        }
    }

    /** Every part or segment that appeared while watching, in order, with its media end where known. */
    public List<Listing> listings() {
        if (mode == Mode.PARTS_BY_PROGRAM_DATE_TIME) {
            return List.copyOf(parts.values());
        }
        List<Listing> out = new ArrayList<>();
        for (Map.Entry<Long, Listing> entry : segments.entrySet()) {
            Listing segment = entry.getValue();
            if (preexisting.contains(segment.name())) {
                continue;
            }
            Listing next = segments.get(entry.getKey() + 1);
            Instant end = next == null ? null : nameTime(next.name());
            out.add(new Listing(segment.name(), segment.firstSeen(), end));
        }
        return out;
    }

    /** Listing lags in ms of what first appeared in {@code [from, to)} and has a known media end. */
    public List<Double> lagsMillis(Instant from, Instant to) {
        List<Double> lags = new ArrayList<>();
        for (Listing listing : listings()) {
            if (!listing.firstSeen().isBefore(from) && listing.firstSeen().isBefore(to)
                    && listing.mediaEndArrival() != null) {
                lags.add(listing.lagMillis());
            }
        }
        return lags;
    }

    /**
     * The time a name made by {@code hls_fragment_naming system} carries ({@code bench-1764126984123.ts}:
     * milliseconds since the epoch before the extension); null for other names.
     */
    static Instant nameTime(String uri) {
        String file = uri.substring(uri.lastIndexOf('/') + 1);
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        Matcher m = EPOCH_MILLIS_NAME.matcher(file);
        return m.find() ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : null;
    }
}
