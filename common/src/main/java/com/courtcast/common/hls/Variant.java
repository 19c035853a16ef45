package com.courtcast.common.hls;

/**
 * A Variant Stream of a {@link MultivariantPlaylist}: an EXT-X-STREAM-INF tag (4.4.6.2) and its
 * URI line.
 *
 * @param uri the Media Playlist URI line
 * @param bandwidth BANDWIDTH, the peak bit rate in bits per second; {@code > 0}
 * @param averageBandwidth AVERAGE-BANDWIDTH bits per second, or null to omit
 * @param codecs CODECS, e.g. {@code avc1.64001f,mp4a.40.2}, or null to omit (the spec says every
 *     EXT-X-STREAM-INF SHOULD have it)
 * @param width RESOLUTION width in pixels, or null (together with {@code height}) to omit
 * @param height RESOLUTION height in pixels, or null (together with {@code width}) to omit
 * @param frameRate FRAME-RATE, the maximum frame rate, written with three decimals; or null to
 *     omit
 * @param name our own label for the rendition (e.g. {@code 720p}); never written
 */
public record Variant(
        String uri,
        long bandwidth,
        Long averageBandwidth,
        String codecs,
        Integer width,
        Integer height,
        Double frameRate,
        String name) {

    public Variant {
        HlsText.requireUriLine(uri, "variant URI");
        if (bandwidth <= 0) {
            throw new IllegalArgumentException("variant " + uri + " BANDWIDTH must be > 0, was " + bandwidth);
        }
        if (averageBandwidth != null && averageBandwidth <= 0) {
            throw new IllegalArgumentException(
                    "variant " + uri + " AVERAGE-BANDWIDTH must be > 0 or null, was " + averageBandwidth);
        }
        if (codecs != null) {
            HlsText.requireQuotable(codecs, "variant " + uri + " CODECS");
        }
        if ((width == null) != (height == null)) {
            throw new IllegalArgumentException(
                    "variant " + uri + " RESOLUTION needs both width and height or neither, was " + width + "x"
                            + height);
        }
        if (width != null && (width <= 0 || height <= 0)) {
            throw new IllegalArgumentException(
                    "variant " + uri + " RESOLUTION must be positive, was " + width + "x" + height);
        }
        if (frameRate != null && !(frameRate > 0 && frameRate < 1e6)) {
            throw new IllegalArgumentException("variant " + uri + " FRAME-RATE must be > 0, was " + frameRate);
        }
    }
}
