package com.courtcast.common.hls;

/**
 * The {@code _HLS_skip} Delivery Directive of a Playlist Delta Update request (6.2.5.1).
 *
 * @see PlaylistWriter#writeDelta(MediaPlaylist, SkipRequest)
 */
public enum SkipRequest {
    /** {@code _HLS_skip=YES}: skip old Media Segments. */
    YES("YES"),
    /** {@code _HLS_skip=v2}: skip old Media Segments and old EXT-X-DATERANGE tags. */
    V2("v2");

    private final String directive;

    SkipRequest(String directive) {
        this.directive = directive;
    }

    /** The query value as the spec spells it: {@code YES} or {@code v2}. */
    public String directive() {
        return directive;
    }

    /**
     * The request for an {@code _HLS_skip} query value, or null when the value is absent or none
     * of {@code YES} and {@code v2} (compared exactly, as the spec spells them).
     */
    public static SkipRequest ofDirective(String value) {
        if (YES.directive.equals(value)) {
            return YES;
        }
        if (V2.directive.equals(value)) {
            return V2;
        }
        return null;
    }
}
