package com.courtcast.ingest.rtmp.amf;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the AMF3 value that follows an AMF0 AVM+ switch marker (0x11), limited to the scalar
 * types publishers actually send there (AMF3 specification sections 3.2 to 3.8). The complex
 * AMF3 types carry their own object and trait tables; rather than half-parse them, they are
 * rejected.
 *
 * <p>The string reference table lives as long as the decode call, so a reference may point at a
 * string from an earlier switch in the same message. Stricter readers reset it per switch; a
 * shared table accepts everything they accept.
 */
final class Amf3Reader {

    private static final int UNDEFINED = 0x00;
    private static final int NULL = 0x01;
    private static final int FALSE = 0x02;
    private static final int TRUE = 0x03;
    private static final int INTEGER = 0x04;
    private static final int DOUBLE = 0x05;
    private static final int STRING = 0x06;

    /** Names of the markers above {@link #STRING}, indexed by marker, for error messages. */
    private static final String[] UNSUPPORTED_NAMES = {
        "", "", "", "", "", "", "",
        "XML document", "date", "array", "object", "XML", "byte array",
        "int vector", "uint vector", "double vector", "object vector", "dictionary",
    };

    private static final int U29_SIGN_BIT = 1 << 28;
    private static final int U29_RANGE = 1 << 29;

    private final AmfInput in;
    private final List<String> strings = new ArrayList<>();

    Amf3Reader(AmfInput in) {
        this.in = in;
    }

    Object readValue() throws AmfException {
        int at = in.offset();
        int marker = in.readUnsignedByte("AMF3 marker");
        return switch (marker) {
            case UNDEFINED -> Amf0.UNDEFINED;
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case INTEGER -> (double) signExtend(readU29("AMF3 integer"));
            case DOUBLE -> in.readDouble("AMF3 double");
            case STRING -> readString();
            default -> throw new AmfException(
                    "unsupported AMF3 type 0x%02x (%s)".formatted(marker, unsupportedName(marker)), at);
        };
    }

    private String readString() throws AmfException {
        int at = in.offset();
        int header = readU29("AMF3 string header");
        int lengthOrIndex = header >>> 1;
        if ((header & 1) == 0) {
            if (lengthOrIndex >= strings.size()) {
                throw new AmfException("AMF3 string reference #" + lengthOrIndex + " but only "
                        + strings.size() + " strings were sent", at);
            }
            return strings.get(lengthOrIndex);
        }
        String value = in.readUtf8(lengthOrIndex, "AMF3 string");
        // AMF3 3.8: the empty string is never sent by reference, so it takes no table slot.
        if (!value.isEmpty()) {
            strings.add(value);
        }
        return value;
    }

    /**
     * AMF3 1.3.1: up to three bytes of seven bits each, high bit set when another byte follows,
     * then a fourth byte contributing all eight bits.
     */
    private int readU29(String what) throws AmfException {
        int value = 0;
        for (int i = 0; i < 3; i++) {
            int b = in.readUnsignedByte(what);
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return (value << 8) | in.readUnsignedByte(what);
    }

    private static int signExtend(int u29) {
        return (u29 & U29_SIGN_BIT) != 0 ? u29 - U29_RANGE : u29;
    }

    private static String unsupportedName(int marker) {
        return marker < UNSUPPORTED_NAMES.length ? UNSUPPORTED_NAMES[marker] : "unknown";
    }
}
