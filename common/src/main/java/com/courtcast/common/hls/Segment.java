package com.courtcast.common.hls;

import java.time.Instant;
import java.util.List;

/**
 * A Media Segment of a {@link MediaPlaylist}, with the Partial Segments it is made of.
 *
 * <p>A segment whose {@code uri} is null is still being produced: only its parts are written
 * (after its DISCONTINUITY, PROGRAM-DATE-TIME and MAP, which 4.4.4.9 requires before the first
 * EXT-X-PART), with no EXTINF and no URI line. While it has no part yet nothing at all is written
 * for it. Only the last segment of a playlist may be in progress.
 *
 * @param uri the segment's URI line, or null while the segment is in progress
 * @param duration EXTINF seconds; ignored while {@code uri} is null
 * @param discontinuity whether an EXT-X-DISCONTINUITY precedes the segment
 * @param programDateTime wall-clock time of the segment's first sample (EXT-X-PROGRAM-DATE-TIME),
 *     or null to write none for this segment
 * @param mapUri the Media Initialization Section (EXT-X-MAP) this segment uses, or null for
 *     segments that need none (MPEG-TS). Once a segment has a map every later one must have one:
 *     an EXT-X-MAP applies until the next, so a map cannot be dropped.
 * @param parts the segment's Partial Segments in order, possibly empty (null is read as empty).
 *     Pass all of them: the writer leaves out those too old to list.
 */
public record Segment(
        String uri, double duration, boolean discontinuity, Instant programDateTime, String mapUri, List<Part> parts) {

    public Segment {
        if (uri != null) {
            HlsText.requireUriLine(uri, "segment URI");
            HlsText.requireSeconds(duration, "segment " + uri + " EXTINF duration");
        }
        HlsText.requireDateTime(programDateTime, "segment " + uri + " EXT-X-PROGRAM-DATE-TIME");
        if (mapUri != null) {
            HlsText.requireQuotable(mapUri, "segment " + uri + " EXT-X-MAP URI");
        }
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** A complete segment without parts, discontinuity or date-time. */
    public static Segment of(String uri, double duration, String mapUri) {
        return new Segment(uri, duration, false, null, mapUri, List.of());
    }

    /** Whether the segment is complete, i.e. has its URI. */
    public boolean isComplete() {
        return uri != null;
    }
}
