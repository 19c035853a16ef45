package com.courtcast.common.hls;

/**
 * EXT-X-RENDITION-REPORT (4.4.5.4): where another rendition's live edge is, so a client can switch
 * to it with one blocking request. {@link MediaPlaylist#lastMsn()} and {@link
 * MediaPlaylist#lastPartIndex()} of that rendition's playlist give both numbers.
 *
 * @param uri the other rendition's Media Playlist, relative to the playlist carrying the report
 * @param lastMsn LAST-MSN: Media Sequence Number of its last segment, or of its last part when it
 *     has parts
 * @param lastPart LAST-PART: Part Index of its last part in segment {@code lastMsn}; -1 omits the
 *     attribute (a rendition without parts)
 */
public record RenditionReport(String uri, long lastMsn, int lastPart) {

    public RenditionReport {
        HlsText.requireQuotable(uri, "rendition report URI");
        if (lastMsn < 0) {
            throw new IllegalArgumentException("rendition report " + uri + " LAST-MSN must be >= 0, was " + lastMsn);
        }
        if (lastPart < -1) {
            throw new IllegalArgumentException(
                    "rendition report " + uri + " LAST-PART must be >= 0, or -1 to omit it, was " + lastPart);
        }
    }
}
