package com.courtcast.common.hls;

/**
 * EXT-X-SERVER-CONTROL (4.4.3.8): which Delivery Directives the server supports and where clients
 * should play from. A value of 0 omits that attribute; the tag is omitted when nothing is set.
 *
 * <p>The bounds that depend on the target durations (HOLD-BACK at least 3 target durations,
 * PART-HOLD-BACK at least 2 part targets, CAN-SKIP-UNTIL at least 6 target durations) are checked
 * by {@link MediaPlaylist}. CAN-SKIP-DATERANGES is never written: this model has no
 * EXT-X-DATERANGE.
 *
 * @param canBlockReload {@code CAN-BLOCK-RELOAD=YES}: the server holds {@code _HLS_msn} requests
 * @param partHoldBack PART-HOLD-BACK seconds; required when the playlist has parts (Apple asks for
 *     at least 3 part targets, the spec for at least 2)
 * @param holdBack HOLD-BACK seconds
 * @param canSkipUntil CAN-SKIP-UNTIL seconds, the Skip Boundary of Playlist Delta Updates
 */
public record ServerControl(boolean canBlockReload, double partHoldBack, double holdBack, double canSkipUntil) {

    public ServerControl {
        HlsText.requireSeconds(partHoldBack, "PART-HOLD-BACK");
        HlsText.requireSeconds(holdBack, "HOLD-BACK");
        HlsText.requireSeconds(canSkipUntil, "CAN-SKIP-UNTIL");
    }

    /** Whether the tag has any attribute to write. */
    boolean isEmpty() {
        return !canBlockReload && HlsText.ticks(partHoldBack) == 0 && HlsText.ticks(holdBack) == 0
                && HlsText.ticks(canSkipUntil) == 0;
    }
}
