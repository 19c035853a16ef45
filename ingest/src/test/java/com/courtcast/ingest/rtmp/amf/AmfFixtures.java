package com.courtcast.ingest.rtmp.amf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Real RTMP message bodies written out by hand from the AMF0 specification, and helpers that
 * move them in and out of buffers that are always released.
 */
final class AmfFixtures {

    /** ffmpeg's {@code connect} when publishing to rtmp://localhost:1935/live. */
    static final String CONNECT = """
            02 0007 636f6e6e656374
            00 3ff0000000000000
            03
              0003 617070            02 0004 6c697665
              0004 74797065          02 000a 6e6f6e70726976617465
              0008 666c617368566572  02 0023 464d4c452f332e302028636f6d70617469626c653b204c61766636312e372e31303029
              0005 746355726c        02 001a 72746d703a2f2f6c6f63616c686f73743a313933352f6c697665
              0000 09
            """;

    /** Byte offsets at which each top-level value of {@link #CONNECT} starts or the body ends. */
    static final List<Integer> CONNECT_VALUE_BOUNDARIES = List.of(0, 10, 19, 138);

    /** ffmpeg's {@code @setDataFrame("onMetaData", {...})} data message, trimmed to six entries. */
    static final String SET_DATA_FRAME = """
            02 000d 40736574446174614672616d65
            02 000a 6f6e4d65746144617461
            08 00000006
              0008 6475726174696f6e    00 0000000000000000
              0005 7769647468          00 4094000000000000
              0006 686569676874        00 4086800000000000
              0009 6672616d6572617465  00 403e000000000000
              0006 73746572656f        01 01
              0007 656e636f646572      02 000c 4c61766636312e372e313030
              0000 09
            """;

    /** The server's {@code _result} reply to {@code connect}. */
    static final String CONNECT_RESULT = """
            02 0007 5f726573756c74
            00 3ff0000000000000
            03
              0006 666d73566572              02 000d 464d532f332c302c312c313233
              000c 6361706162696c6974696573  00 403f000000000000
              0000 09
            03
              0005 6c6576656c                02 0006 737461747573
              0004 636f6465                  02 001d 4e6574436f6e6e656374696f6e2e436f6e6e6563742e53756363657373
              000b 6465736372697074696f6e    02 0015 436f6e6e656374696f6e207375636365656465642e
              000e 6f626a656374456e636f64696e67  00 0000000000000000
              0000 09
            """;

    /**
     * One value of every decodable kind: a strict array holding an object, a typed object, an ECMA
     * array, a date, a long string, XML, undefined, unsupported, references and AMF3 scalars.
     */
    static final String EVERY_TYPE = """
            0a 0000000e
              03 0001 61 00 3ff0000000000000  0000 09
              10 0001 43  0001 62 01 00  0000 09
              08 00000001 0001 63 02 0001 78  0000 09
              0b 408f400000000000 0000
              0c 00000003 616263
              0f 00000004 3c612f3e
              05
              06
              0d
              07 0001
              07 0003
              11 04 81 00
              11 06 07 616263
              11 06 00
            """;

    private AmfFixtures() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String hex(String spacedHex) {
        return spacedHex.replaceAll("\\s+", "").toLowerCase();
    }

    static List<Object> decodeAll(String hex) throws AmfException {
        return decodeAll(bytes(hex), AmfLimits.DEFAULTS);
    }

    static List<Object> decodeAll(byte[] bytes, AmfLimits limits) throws AmfException {
        ByteBuf in = directCopy(bytes);
        try {
            return new Amf0Decoder(limits).decodeAll(in);
        } finally {
            in.release();
        }
    }

    static Object decodeOne(String hex) throws AmfException {
        return decodeOne(bytes(hex));
    }

    static Object decodeOne(byte[] bytes) throws AmfException {
        ByteBuf in = directCopy(bytes);
        try {
            return new Amf0Decoder(AmfLimits.DEFAULTS).decodeOne(in);
        } finally {
            in.release();
        }
    }

    /** The AMF0 encoding of {@code values}, as lower-case hex. */
    static String encodeHex(Object... values) {
        ByteBuf out = Unpooled.buffer();
        try {
            Amf0Encoder.encodeAll(out, values);
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    /** A decoded object or ECMA array, typed as what the decoder documents it to be. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object decoded) {
        return (Map<String, Object>) decoded;
    }

    /** A direct (off-heap) copy, so decoding cannot lean on a backing array. */
    static ByteBuf directCopy(byte[] bytes) {
        return Unpooled.directBuffer(Math.max(bytes.length, 1)).writeBytes(bytes);
    }
}
