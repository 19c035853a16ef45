package com.courtcast.ingest.rtmp.amf;

import static com.courtcast.ingest.rtmp.amf.Amf0Marker.*;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes Java values as AMF0 (AMF0 specification section 2); see the package documentation for
 * the accepted types. The encoder never writes references: the replies a server sends are small
 * trees, and every client can read them written out in full.
 */
public final class Amf0Encoder {

    /**
     * Deeper than any reply we build; reaching it means a map or list contains itself, which
     * would otherwise end in a {@code StackOverflowError}.
     */
    private static final int MAX_DEPTH = 1_000;

    private Amf0Encoder() {
    }

    /**
     * Writes one value. On failure nothing is left written.
     *
     * @throws IllegalArgumentException naming the Java type that has no AMF0 form, a map key that
     *     is not a String or is too long, or a value that contains itself
     */
    public static void encode(ByteBuf out, Object value) {
        encodeAll(out, value);
    }

    /**
     * Writes the values one after the other, as in a command message body. On failure nothing is
     * left written.
     *
     * @throws IllegalArgumentException as for {@link #encode(ByteBuf, Object)}
     */
    public static void encodeAll(ByteBuf out, Object... values) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(values, "values");
        int start = out.writerIndex();
        try {
            for (Object value : values) {
                write(out, value, 0);
            }
        } catch (IllegalArgumentException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    private static void write(ByteBuf out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(
                    "value nests deeper than " + MAX_DEPTH + " levels; does it contain itself?");
        }
        switch (value) {
            case null -> out.writeByte(NULL);
            case Number number -> out.writeByte(NUMBER).writeDouble(number.doubleValue());
            case Boolean bool -> out.writeByte(BOOLEAN).writeByte(bool ? 1 : 0);
            case String string -> writeString(out, string);
            case Instant instant -> writeDate(out, instant);
            case EcmaArray array -> writeEcmaArray(out, array, depth);
            case Map<?, ?> map -> writeObject(out, map, depth);
            case List<?> list -> writeStrictArray(out, list, depth);
            case Object undefined when undefined == Amf0.UNDEFINED -> out.writeByte(Amf0Marker.UNDEFINED);
            default -> throw new IllegalArgumentException(
                    "no AMF0 encoding for " + value.getClass().getName());
        }
    }

    private static void writeString(ByteBuf out, String string) {
        byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_SHORT_STRING_BYTES) {
            out.writeByte(LONG_STRING).writeInt(utf8.length);
        } else {
            out.writeByte(STRING).writeShort(utf8.length);
        }
        out.writeBytes(utf8);
    }

    private static void writeDate(ByteBuf out, Instant instant) {
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("date " + instant + " is out of AMF0's range", e);
        }
        out.writeByte(DATE).writeDouble(millis).writeShort(0); // AMF0 2.13: time zone sent as 0
    }

    private static void writeObject(ByteBuf out, Map<?, ?> map, int depth) {
        out.writeByte(OBJECT);
        writeProperties(out, map, depth);
    }

    private static void writeEcmaArray(ByteBuf out, EcmaArray array, int depth) {
        out.writeByte(ECMA_ARRAY).writeInt(array.entries().size());
        writeProperties(out, array.entries(), depth);
    }

    private static void writeProperties(ByteBuf out, Map<?, ?> map, int depth) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            writeKey(out, entry.getKey());
            write(out, entry.getValue(), depth + 1);
        }
        out.writeShort(0).writeByte(OBJECT_END);
    }

    private static void writeKey(ByteBuf out, Object key) {
        if (!(key instanceof String string)) {
            throw new IllegalArgumentException("AMF0 object keys must be Strings, found "
                    + (key == null ? "null" : key.getClass().getName()));
        }
        byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_SHORT_STRING_BYTES) {
            throw new IllegalArgumentException("AMF0 object key of " + utf8.length
                    + " UTF-8 bytes exceeds " + MAX_SHORT_STRING_BYTES);
        }
        out.writeShort(utf8.length).writeBytes(utf8);
    }

    private static void writeStrictArray(ByteBuf out, List<?> list, int depth) {
        out.writeByte(STRICT_ARRAY).writeInt(list.size());
        for (Object element : list) {
            write(out, element, depth + 1);
        }
    }
}
