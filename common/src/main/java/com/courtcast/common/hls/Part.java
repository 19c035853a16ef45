package com.courtcast.common.hls;

/**
 * A Partial Segment, written as EXT-X-PART (4.4.4.9).
 *
 * @param uri the part's URI (written as a quoted-string)
 * @param duration seconds; at most the playlist's PART-TARGET
 * @param independent whether the part starts with an independent frame ({@code INDEPENDENT=YES})
 */
public record Part(String uri, double duration, boolean independent) {

    public Part {
        HlsText.requireQuotable(uri, "part URI");
        HlsText.requireSeconds(duration, "part " + uri + " DURATION");
    }
}
