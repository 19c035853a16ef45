package com.courtcast.ingest.rtmp;

/**
 * The peer broke the RTMP protocol or one of our limits; the connection is closed.
 *
 * <p>{@link #reason()} is a short, stable label for the rejects metric ("chunk_size", "message_size",
 * ...); the message is the one-line explanation logged when the connection closes.
 */
public final class RtmpProtocolException extends RuntimeException {

    private final String reason;

    public RtmpProtocolException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
