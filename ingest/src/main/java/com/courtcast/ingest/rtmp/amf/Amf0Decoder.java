package com.courtcast.ingest.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes AMF0 values from untrusted bytes, within {@link AmfLimits}. See the package
 * documentation for the Java type each AMF type becomes.
 *
 * <p>Each call starts afresh: limits, the reference table and the AMF3 string table apply to one
 * call. On success the reader index has moved past what was read; on failure it is back where it
 * was. The buffer is neither retained nor released. Instances hold no mutable state and may be
 * shared between threads.
 */
public final class Amf0Decoder {

    private final AmfLimits limits;

    /** A decoder that enforces {@code limits}. */
    public Amf0Decoder(AmfLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Decodes values until the buffer has nothing left to read: one whole command or data message
     * body.
     *
     * @return the values in order, in a new mutable list
     * @throws AmfException if the bytes are not valid AMF0 or exceed the limits
     */
    public List<Object> decodeAll(ByteBuf in) throws AmfException {
        int start = in.readerIndex();
        Amf0Reader reader = newReader(in);
        List<Object> values = new ArrayList<>();
        try {
            while (in.isReadable()) {
                values.add(reader.readValue());
            }
        } catch (AmfException e) {
            in.readerIndex(start);
            throw e;
        }
        return values;
    }

    /**
     * Decodes exactly one value, leaving anything after it unread.
     *
     * @return the value; {@code null} for AMF null
     * @throws AmfException if the buffer does not start with a valid AMF0 value within the limits
     */
    public Object decodeOne(ByteBuf in) throws AmfException {
        int start = in.readerIndex();
        try {
            return newReader(in).readValue();
        } catch (AmfException e) {
            in.readerIndex(start);
            throw e;
        }
    }

    private Amf0Reader newReader(ByteBuf in) {
        return new Amf0Reader(new AmfInput(in, limits.maxStringBytes()), limits);
    }
}
