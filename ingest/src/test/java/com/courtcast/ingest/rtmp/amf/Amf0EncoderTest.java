package com.courtcast.ingest.rtmp.amf;

import static com.courtcast.ingest.rtmp.amf.Amf0DecoderTest.mapOf;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.CONNECT;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.SET_DATA_FRAME;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeAll;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeOne;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.encodeHex;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0EncoderTest {

    @Test
    void encodesNumbers() {
        assertThat(encodeHex(1.0)).isEqualTo("003ff0000000000000");
        assertThat(encodeHex(-1.5)).isEqualTo("00bff8000000000000");
        assertThat(encodeHex(42)).as("any Number, as a double").isEqualTo("004045000000000000");
        assertThat(encodeHex(1280L)).isEqualTo("004094000000000000");
        assertThat(encodeHex(new BigDecimal("0.5"))).isEqualTo("003fe0000000000000");
    }

    @Test
    void encodesBooleans() {
        assertThat(encodeHex(true)).isEqualTo("0101");
        assertThat(encodeHex(false)).isEqualTo("0100");
    }

    @Test
    void encodesStringsWithUtf8ByteLength() {
        assertThat(encodeHex("")).isEqualTo("020000");
        assertThat(encodeHex("live")).isEqualTo("0200046c697665");
        assertThat(encodeHex("él✓")).isEqualTo("020006c3a96ce29c93");
    }

    @Test
    void switchesToLongStringAbove65535Utf8Bytes() {
        assertThat(encodeHex("x".repeat(65_535))).isEqualTo("02ffff" + "78".repeat(65_535));
        assertThat(encodeHex("x".repeat(65_536))).isEqualTo("0c00010000" + "78".repeat(65_536));
        // 32768 two-byte characters: few chars, but 65536 bytes.
        assertThat(encodeHex("é".repeat(32_768))).startsWith("0c00010000c3a9");
    }

    @Test
    void encodesNullAndUndefined() {
        assertThat(encodeHex((Object) null)).isEqualTo("05");
        assertThat(encodeHex(Amf0.UNDEFINED)).isEqualTo("06");
    }

    @Test
    void encodesMapAsObjectInIterationOrder() {
        assertThat(encodeHex(mapOf("b", 1.0, "a", null)))
                .isEqualTo(hex("03 0001 62 00 3ff0000000000000  0001 61 05  0000 09"));
        assertThat(encodeHex(Map.of())).isEqualTo("03000009");
    }

    @Test
    void encodesEcmaArrayWithItsCount() {
        assertThat(encodeHex(new EcmaArray(mapOf("a", "b", "c", true))))
                .isEqualTo(hex("08 00000002  0001 61 02 0001 62  0001 63 01 01  0000 09"));
    }

    @Test
    void encodesListAsStrictArray() {
        assertThat(encodeHex(Arrays.asList(1.0, null, List.of())))
                .isEqualTo(hex("0a 00000003  00 3ff0000000000000  05  0a 00000000"));
    }

    @Test
    void encodesInstantAsDateInUtc() {
        assertThat(encodeHex(Instant.ofEpochSecond(1))).isEqualTo(hex("0b 408f400000000000 0000"));
    }

    @Test
    void encodesConnectCommandAsFfmpegDoes() {
        Map<String, Object> properties = mapOf(
                "app", "live",
                "type", "nonprivate",
                "flashVer", "FMLE/3.0 (compatible; Lavf61.7.100)",
                "tcUrl", "rtmp://localhost:1935/live");

        assertThat(encodeHex("connect", 1, properties)).isEqualTo(hex(CONNECT));
    }

    @Test
    void encodesOnMetaDataAsEcmaArray() {
        EcmaArray metadata = new EcmaArray(mapOf(
                "duration", 0, "width", 1280, "height", 720, "framerate", 30,
                "stereo", true, "encoder", "Lavf61.7.100"));

        assertThat(encodeHex("@setDataFrame", "onMetaData", metadata)).isEqualTo(hex(SET_DATA_FRAME));
    }

    @Test
    void everyEncodableValueDecodesBackEqual() throws AmfException {
        Map<String, Object> nested = mapOf("n", 2.0, "s", "two", "list", List.of(true, "x"));
        List<Object> values = Arrays.asList(
                3.25, true, "text", "y".repeat(70_000), null, Amf0.UNDEFINED,
                Instant.parse("2025-06-01T12:00:00.123Z"), nested, List.of(nested, List.of()));
        ByteBuf out = Unpooled.buffer();
        try {
            Amf0Encoder.encodeAll(out, values.toArray());
            assertThat(new Amf0Decoder(AmfLimits.DEFAULTS).decodeAll(out)).isEqualTo(values);
        } finally {
            out.release();
        }
        assertThat(decodeOne(encodeHex(new EcmaArray(nested)))).isEqualTo(nested);
    }

    @Test
    void rejectsUnknownTypeByName() {
        assertThatThrownBy(() -> encodeHex(new StringBuilder("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.StringBuilder");
        assertThatThrownBy(() -> encodeHex((Object) new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[B");
    }

    @Test
    void rejectsNonStringAndNullKeys() {
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, "one");
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "none");

        assertThatThrownBy(() -> encodeHex(intKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> encodeHex(nullKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void rejectsKeyLongerThan65535Bytes() {
        assertThatThrownBy(() -> encodeHex(Map.of("k".repeat(65_536), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
    }

    @Test
    void rejectsValueThatContainsItself() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);

        assertThatThrownBy(() -> encodeHex(cyclic))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contain itself");
    }

    @Test
    void rejectsInstantBeyondMillisecondRange() {
        assertThatThrownBy(() -> encodeHex(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesNothingWrittenWhenAValueFails() {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(0x42);
            assertThatThrownBy(() -> Amf0Encoder.encodeAll(out, "ok", List.of(1, new Object())))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(out.writerIndex()).isEqualTo(1);
        } finally {
            out.release();
        }
    }

    @Test
    void encodeWritesOneValue() throws AmfException {
        ByteBuf out = Unpooled.buffer();
        try {
            Amf0Encoder.encode(out, "connect");
            assertThat(decodeAll(ByteBufUtil.hexDump(out))).containsExactly("connect");
        } finally {
            out.release();
        }
    }
}
