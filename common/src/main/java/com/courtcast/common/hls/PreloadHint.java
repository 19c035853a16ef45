package com.courtcast.common.hls;

/**
 * The next Partial Segment, announced before it exists: {@code EXT-X-PRELOAD-HINT:TYPE=PART}
 * (4.4.5.3). The server must accept a request for it as soon as the hint is published and answer
 * once the part is complete (6.2.6).
 *
 * @param uri the URI the part will have in its EXT-X-PART tag
 */
public record PreloadHint(String uri) {

    public PreloadHint {
        HlsText.requireQuotable(uri, "preload hint URI");
    }
}
