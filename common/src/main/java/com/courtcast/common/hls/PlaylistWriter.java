package com.courtcast.common.hls;

import java.util.List;
import java.util.Objects;

/**
 * Writes playlists as text, per draft-pantos-hls-rfc8216bis (section numbers below are that
 * draft's).
 *
 * <p>Design: the model classes have already checked every MUST on construction, so writing cannot
 * fail. A media playlist is written in two passes over its segments, one that sums durations and
 * finds the features that set EXT-X-VERSION, and one that appends to a single pre-sized {@link
 * StringBuilder}; no regex, no {@code String.format}, nothing locale-dependent. This runs on every
 * playlist change of every rendition, several times a second.
 *
 * <p>Output format, chosen once for all playlists:
 * <ul>
 *   <li>lines end in {@code \n}, no blank lines, no comments;</li>
 *   <li>decimal-floating-point values (EXTINF, DURATION, PART-TARGET, hold-backs) have at most five
 *       decimals without trailing zeros: {@code 2}, {@code 0.2}, {@code 4.00008};</li>
 *   <li>FRAME-RATE has exactly three decimals ({@code 29.970}, {@code 30.000}), as 4.4.6.2 asks;</li>
 *   <li>EXT-X-PROGRAM-DATE-TIME is UTC with milliseconds: {@code 2026-11-27T02:19:58.123Z};</li>
 *   <li>EXT-X-VERSION is the lowest version the written tags need (section 8), so a plain
 *       MPEG-TS playlist with whole-second EXTINFs says 1, fractional EXTINFs need 3, EXT-X-MAP 6 and
 *       EXT-X-SKIP 9;</li>
 *   <li>media playlist header order: EXT-X-VERSION, EXT-X-TARGETDURATION, EXT-X-MEDIA-SEQUENCE
 *       (always), EXT-X-DISCONTINUITY-SEQUENCE (when not 0; absent means 0, 4.4.3.3),
 *       EXT-X-PLAYLIST-TYPE, EXT-X-INDEPENDENT-SEGMENTS, EXT-X-SERVER-CONTROL, EXT-X-PART-INF; then
 *       EXT-X-SKIP, the segments, EXT-X-PRELOAD-HINT, EXT-X-RENDITION-REPORTs and EXT-X-ENDLIST;</li>
 *   <li>per segment: EXT-X-DISCONTINUITY, EXT-X-PROGRAM-DATE-TIME, EXT-X-MAP (when the map differs
 *       from the previous segment's), the EXT-X-PARTs, then EXTINF and the URI. 4.4.4.9 requires the
 *       segment tags before the first EXT-X-PART.</li>
 * </ul>
 *
 * <p>Parts too old to list are left out (6.2.2: EXT-X-PART tags SHOULD be removed once they are
 * more than three Target Durations from the end of the playlist). The rule is applied per segment:
 * a segment's parts are all written while the segment starts at most three target durations before
 * the end of the playlist (the end of its newest part), and none after. Dropping only the oldest
 * parts of a segment would renumber the rest, because a client counts Part Indexes from the
 * segment's first listed EXT-X-PART. This matches the spec's LL-HLS example (section 9), where the
 * segment starting 13 s before the end has lost its parts and the one starting 9 s before has
 * them. The parts of the segment in progress are always written.
 */
public final class PlaylistWriter {

    private PlaylistWriter() {
    }

    /** Writes a Multivariant Playlist. */
    public static String write(MultivariantPlaylist playlist) {
        StringBuilder out = new StringBuilder(64 + 160 * playlist.variants().size());
        out.append("#EXTM3U\n#EXT-X-VERSION:").append(version(playlist)).append('\n');
        if (playlist.independentSegments()) {
            out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        for (Variant variant : playlist.variants()) {
            out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(variant.bandwidth());
            if (variant.averageBandwidth() != null) {
                out.append(",AVERAGE-BANDWIDTH=").append(variant.averageBandwidth().longValue());
            }
            if (variant.codecs() != null) {
                out.append(",CODECS=\"").append(variant.codecs()).append('"');
            }
            if (variant.width() != null) {
                out.append(",RESOLUTION=").append(variant.width().intValue()).append('x')
                        .append(variant.height().intValue());
            }
            if (variant.frameRate() != null) {
                out.append(",FRAME-RATE=");
                HlsText.appendThreeDecimals(out, variant.frameRate());
            }
            out.append('\n').append(variant.uri()).append('\n');
        }
        return out.toString();
    }

    /** Writes a Media Playlist in full. */
    public static String write(MediaPlaylist playlist) {
        return writeMedia(playlist, 0, null);
    }

    /**
     * Writes the Playlist Delta Update (6.2.5.1) that answers a request with {@code _HLS_skip}.
     *
     * <p>The full playlist is written instead when the directive must be ignored (6.2.5.1: the
     * playlist has no CAN-SKIP-UNTIL, or has EXT-X-ENDLIST), when {@code skip} is null, and when no
     * segment is old enough to skip (a delta update that skips nothing would only add EXT-X-SKIP
     * and raise EXT-X-VERSION to 9).
     *
     * <p>What is skipped: the oldest complete segments that lie wholly further than CAN-SKIP-UNTIL
     * seconds from the end of the last complete segment, i.e. whose end is more than the Skip
     * Boundary before it. Parts of the segment in progress do not move that end; measuring from
     * the last complete segment is the conservative reading of "the last (Parent) Media Segment"
     * and never skips a segment a client may lack (6.3.7: clients ask for a delta update only
     * while their copy is no older than half the Skip Boundary).
     *
     * <p>What remains: everything else, unchanged (6.2.5.1: "All tags that were not skipped MUST
     * remain"). EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE keep their values (4.4.5.2:
     * skipping does not change the Discontinuity Sequence Number). The skipped segments' own tags
     * go with them (4.4.5.2: EXT-X-SKIP replaces "the segment URI lines and all Media Segment Tags
     * that are applied to those segments"), including their EXT-X-PROGRAM-DATE-TIME and the
     * EXT-X-MAP that the first remaining segment inherits; the client merges the update into the
     * copy it has, which has both, as the spec's own delta example (section 9) shows. The first
     * remaining segment gets an EXT-X-MAP only when its map differs from the last skipped
     * segment's, exactly as in the full playlist.
     *
     * <p>{@link SkipRequest#V2} also asks to skip EXT-X-DATERANGE tags. We never write
     * EXT-X-DATERANGE, so nothing more is skipped and no date range was ever removed: the tag
     * carries {@code RECENTLY-REMOVED-DATERANGES=""}, which 4.4.5.2 requires in reply to a v2
     * request and allows to be empty. Since no EXT-X-DATERANGE is replaced, the version 10 rule of
     * section 8 does not apply and EXT-X-VERSION is 9, as for {@code YES}. We never advertise
     * CAN-SKIP-DATERANGES, so conforming clients (hls.js among them) only send {@code YES}; v2 is
     * answered anyway, because 6.2.5.1 requires a delta update for either value.
     */
    public static String writeDelta(MediaPlaylist playlist, SkipRequest skip) {
        ServerControl control = playlist.serverControl();
        if (skip == null || playlist.endList() || control == null || HlsText.ticks(control.canSkipUntil()) == 0) {
            return write(playlist);
        }
        int skipped = skippableSegments(playlist.segments(), HlsText.ticks(control.canSkipUntil()));
        if (skipped == 0) {
            return write(playlist);
        }
        return writeMedia(playlist, skipped, skip);
    }

    /** Number of leading segments a delta update skips. */
    static int skippableSegments(List<Segment> segments, long skipBoundaryTicks) {
        long lastCompleteEnd = 0;
        for (Segment segment : segments) {
            if (segment.isComplete()) {
                lastCompleteEnd += HlsText.ticks(segment.duration());
            }
        }
        int skipped = 0;
        long end = 0;
        for (Segment segment : segments) {
            if (!segment.isComplete()) {
                break;
            }
            end += HlsText.ticks(segment.duration());
            if (lastCompleteEnd - end <= skipBoundaryTicks) {
                break;
            }
            skipped++;
        }
        return skipped;
    }

    /**
     * The lowest EXT-X-VERSION for a Multivariant Playlist. Section 8 raises it only for tags and
     * attributes this model does not have (INSTREAM-ID SERVICE values: 7, variable substitution: 8,
     * QUERYPARAM: 11, REQ- attributes: 12); CODECS, RESOLUTION, FRAME-RATE, AVERAGE-BANDWIDTH and
     * EXT-X-INDEPENDENT-SEGMENTS are compatible with version 1.
     */
    static int version(MultivariantPlaylist playlist) {
        return 1;
    }

    private static void writeMedia(StringBuilder out, MediaPlaylist playlist, int skipped, SkipRequest skip) {
        List<Segment> segments = playlist.segments();
        int count = segments.size();

        // Pass 1: where the playlist ends (for part pruning) and what EXT-X-VERSION must say.
        long end = 0;
        boolean fractionalExtinf = false;
        boolean map = false;
        int parts = 0;
        for (int i = 0; i < count; i++) {
            Segment segment = segments.get(i);
            if (segment.isComplete()) {
                long ticks = HlsText.ticks(segment.duration());
                end += ticks;
                fractionalExtinf |= i >= skipped && ticks % HlsText.TICKS_PER_SECOND != 0;
            } else {
                for (Part part : segment.parts()) {
                    end += HlsText.ticks(part.duration());
                }
            }
            map |= i >= skipped && isListed(segment) && writesMap(segments, i);
            parts += segment.parts().size();
        }
        int version = 1;
        if (fractionalExtinf) {
            version = 3; // section 8: floating-point EXTINF durations
        }
        if (map) {
            version = 6; // section 8: EXT-X-MAP in a playlist without EXT-X-I-FRAMES-ONLY
        }
        if (skip != null) {
            version = 9; // section 8: EXT-X-SKIP
        }
        out.ensureCapacity(320 + 96 * (count - skipped) + 64 * parts);

        out.append("#EXTM3U\n#EXT-X-VERSION:").append(version)
                .append("\n#EXT-X-TARGETDURATION:").append(playlist.targetDuration())
                .append("\n#EXT-X-MEDIA-SEQUENCE:").append(playlist.mediaSequence()).append('\n');
        if (playlist.discontinuitySequence() != 0) {
            out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(playlist.discontinuitySequence()).append('\n');
        }
        if (playlist.playlistType() != PlaylistType.NONE) {
            out.append("#EXT-X-PLAYLIST-TYPE:").append(playlist.playlistType().name()).append('\n');
        }
        if (playlist.independentSegments()) {
            out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        writeServerControl(out, playlist.serverControl());
        if (HlsText.ticks(playlist.partTarget()) > 0) {
            out.append("#EXT-X-PART-INF:PART-TARGET=");
            HlsText.appendSeconds(out, playlist.partTarget());
            out.append('\n');
        }
        if (skip != null) {
            out.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped);
            if (skip == SkipRequest.V2) {
                out.append(",RECENTLY-REMOVED-DATERANGES=\"\"");
            }
            out.append('\n');
        }

        // Pass 2: the segments.
        long partWindow = 3L * playlist.targetDuration() * HlsText.TICKS_PER_SECOND;
        long start = 0;
        for (int i = 0; i < count; i++) {
            Segment segment = segments.get(i);
            long segmentStart = start;
            if (segment.isComplete()) {
                start += HlsText.ticks(segment.duration());
            }
            if (i < skipped || !isListed(segment)) {
                continue;
            }
            if (segment.discontinuity()) {
                out.append("#EXT-X-DISCONTINUITY\n");
            }
            if (segment.programDateTime() != null) {
                out.append("#EXT-X-PROGRAM-DATE-TIME:");
                HlsText.appendDateTime(out, segment.programDateTime());
                out.append('\n');
            }
            if (writesMap(segments, i)) {
                out.append("#EXT-X-MAP:URI=\"").append(segment.mapUri()).append("\"\n");
            }
            if (!segment.isComplete() || end - segmentStart <= partWindow) {
                for (Part part : segment.parts()) {
                    out.append("#EXT-X-PART:DURATION=");
                    HlsText.appendSeconds(out, part.duration());
                    out.append(",URI=\"").append(part.uri()).append('"');
                    if (part.independent()) {
                        out.append(",INDEPENDENT=YES");
                    }
                    out.append('\n');
                }
            }
            if (segment.isComplete()) {
                out.append("#EXTINF:");
                HlsText.appendSeconds(out, segment.duration());
                out.append(",\n").append(segment.uri()).append('\n');
            }
        }

        if (playlist.preloadHint() != null) {
            out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(playlist.preloadHint().uri()).append("\"\n");
        }
        for (RenditionReport report : playlist.renditionReports()) {
            out.append("#EXT-X-RENDITION-REPORT:URI=\"").append(report.uri()).append("\",LAST-MSN=")
                    .append(report.lastMsn());
            if (report.lastPart() >= 0) {
                out.append(",LAST-PART=").append(report.lastPart());
            }
            out.append('\n');
        }
        if (playlist.endList()) {
            out.append("#EXT-X-ENDLIST\n");
        }
    }

    private static String writeMedia(MediaPlaylist playlist, int skipped, SkipRequest skip) {
        StringBuilder out = new StringBuilder();
        writeMedia(out, playlist, skipped, skip);
        return out.toString();
    }

    private static void writeServerControl(StringBuilder out, ServerControl control) {
        if (control == null || control.isEmpty()) {
            return;
        }
        out.append("#EXT-X-SERVER-CONTROL:");
        int mark = out.length();
        if (control.canBlockReload()) {
            out.append("CAN-BLOCK-RELOAD=YES");
        }
        appendAttribute(out, mark, "PART-HOLD-BACK=", control.partHoldBack());
        appendAttribute(out, mark, "HOLD-BACK=", control.holdBack());
        appendAttribute(out, mark, "CAN-SKIP-UNTIL=", control.canSkipUntil());
        out.append('\n');
    }

    private static void appendAttribute(StringBuilder out, int listStart, String name, double seconds) {
        long ticks = HlsText.ticks(seconds);
        if (ticks == 0) {
            return;
        }
        if (out.length() > listStart) {
            out.append(',');
        }
        out.append(name);
        HlsText.appendDecimal(out, ticks);
    }

    /** Whether anything is written for the segment: it is complete, or in progress with a part. */
    private static boolean isListed(Segment segment) {
        return segment.isComplete() || !segment.parts().isEmpty();
    }

    /**
     * Whether an EXT-X-MAP precedes segment {@code index}: it has a map and the segment before it
     * (written or skipped) had another one or none. Only the last segment can be unlisted, so the
     * previous segment is always listed or skipped.
     */
    private static boolean writesMap(List<Segment> segments, int index) {
        String mapUri = segments.get(index).mapUri();
        return mapUri != null && (index == 0 || !Objects.equals(mapUri, segments.get(index - 1).mapUri()));
    }
}
