package com.courtcast.ingest.rtmp.amf;

/**
 * Bytes that are not valid AMF, or that exceed the {@link AmfLimits}.
 *
 * <p>The message names the problem and the byte offset where it was found, counted from the
 * reader index at the start of the decode call (so from the start of the message body when the
 * caller passes one whole body).
 */
public class AmfException extends Exception {

    private final int offset;

    AmfException(String problem, int offset) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    /** Where the problem was found, counted from the reader index at the start of the decode. */
    public int offset() {
        return offset;
    }
}
