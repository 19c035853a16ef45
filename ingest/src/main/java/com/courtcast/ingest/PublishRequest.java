package com.courtcast.ingest;

/**
 * An encoder asking to publish.
 *
 * @param app the RTMP application it connected to ("live")
 * @param streamKey the secret key it published with (the publish name before any '?'); never log it
 * @param query what followed '?' in the publish name, or "" (room for tokens later)
 * @param remoteAddress the encoder's address
 */
public record PublishRequest(String app, String streamKey, String query, String remoteAddress) {

    @Override
    public String toString() {
        return "PublishRequest[app=" + app + ", streamKey=<redacted>, remoteAddress=" + remoteAddress + ']';
    }
}
