package com.courtcast.ingest.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over the buffer of one decode call, shared by the AMF0 and AMF3
 * readers. Every read checks what is left first, so a short buffer becomes an {@link
 * AmfException} with an offset instead of Netty's {@code IndexOutOfBoundsException}.
 */
final class AmfInput {

    private final ByteBuf buf;
    private final int base;
    private final int maxStringBytes;

    AmfInput(ByteBuf buf, int maxStringBytes) {
        this.buf = buf;
        this.base = buf.readerIndex();
        this.maxStringBytes = maxStringBytes;
    }

    /** The current position, relative to where this decode call started. */
    int offset() {
        return buf.readerIndex() - base;
    }

    int readableBytes() {
        return buf.readableBytes();
    }

    int readUnsignedByte(String what) throws AmfException {
        require(1, what);
        return buf.readUnsignedByte();
    }

    int peekUnsignedByte(String what) throws AmfException {
        require(1, what);
        return buf.getUnsignedByte(buf.readerIndex());
    }

    int readUnsignedShort(String what) throws AmfException {
        require(2, what);
        return buf.readUnsignedShort();
    }

    short readShort(String what) throws AmfException {
        require(2, what);
        return buf.readShort();
    }

    long readUnsignedInt(String what) throws AmfException {
        require(4, what);
        return buf.readUnsignedInt();
    }

    double readDouble(String what) throws AmfException {
        require(8, what);
        return buf.readDouble();
    }

    /**
     * Reads {@code length} bytes of UTF-8 once the length passes the string limit and fits in
     * what is left. Malformed UTF-8 becomes U+FFFD rather than an error: a bad byte in a
     * description string is no reason to drop a publisher.
     */
    String readUtf8(long length, String what) throws AmfException {
        if (length > maxStringBytes) {
            throw error(what + " of " + length + " bytes exceeds the limit of " + maxStringBytes + " bytes");
        }
        require(length, what);
        byte[] bytes = new byte[(int) length];
        buf.readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An error at the current position. */
    AmfException error(String problem) {
        return new AmfException(problem, offset());
    }

    private void require(long length, String what) throws AmfException {
        if (buf.readableBytes() < length) {
            throw error("truncated " + what + ": needs " + length + " bytes, "
                    + buf.readableBytes() + " left");
        }
    }
}
