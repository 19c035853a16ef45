package com.courtcast.common.playback;

import java.time.Instant;

/**
 * What a signed playback URL grants: one stream until {@code expiry}, optionally only to clients
 * inside {@code subnet} (null for anywhere), with the signature that proves it.
 */
public record PlaybackToken(String stream, Instant expiry, Subnet subnet, String signature) {

    public static final String EXPIRY_PARAM = "cc_exp";
    public static final String SIGNATURE_PARAM = "cc_sig";
    public static final String NETWORK_PARAM = "cc_net";

    /** The query string that carries this token: {@code cc_exp=...&cc_sig=...[&cc_net=...]}. */
    public String query() {
        StringBuilder query = new StringBuilder(96)
                .append(EXPIRY_PARAM).append('=').append(expiry.getEpochSecond());
        if (subnet != null) {
            // '/' is legal in a query; only ':' of IPv6 needs no escaping either (RFC 3986 pchar).
            query.append('&').append(NETWORK_PARAM).append('=').append(subnet);
        }
        return query.append('&').append(SIGNATURE_PARAM).append('=').append(signature).toString();
    }
}
