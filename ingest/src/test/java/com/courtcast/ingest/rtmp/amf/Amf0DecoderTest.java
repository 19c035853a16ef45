package com.courtcast.ingest.rtmp.amf;

import static com.courtcast.ingest.rtmp.amf.AmfFixtures.CONNECT;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.CONNECT_RESULT;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.EVERY_TYPE;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.SET_DATA_FRAME;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.asMap;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.bytes;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeAll;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeOne;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.directCopy;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0DecoderTest {

    @Test
    void decodesFfmpegConnectCommand() throws AmfException {
        List<Object> values = decodeAll(CONNECT);

        assertThat(values).hasSize(3);
        assertThat(values.get(0)).isEqualTo("connect");
        assertThat(values.get(1)).isEqualTo(1.0);
        assertThat(values.get(2)).isInstanceOf(LinkedHashMap.class);
        Map<String, Object> properties = asMap(values.get(2));
        assertThat(properties.keySet()).containsExactly("app", "type", "flashVer", "tcUrl");
        assertThat(properties.get("app")).isEqualTo("live");
        assertThat(properties.get("type")).isEqualTo("nonprivate");
        assertThat(properties.get("flashVer")).isEqualTo("FMLE/3.0 (compatible; Lavf61.7.100)");
        assertThat(properties.get("tcUrl")).isEqualTo("rtmp://localhost:1935/live");
    }

    @Test
    void decodesSetDataFrameWithEcmaArrayInWireOrder() throws AmfException {
        List<Object> values = decodeAll(SET_DATA_FRAME);

        assertThat(values.subList(0, 2)).containsExactly("@setDataFrame", "onMetaData");
        Map<String, Object> metadata = asMap(values.get(2));
        assertThat(metadata.keySet())
                .containsExactly("duration", "width", "height", "framerate", "stereo", "encoder");
        assertThat(metadata.get("duration")).isEqualTo(0.0);
        assertThat(metadata.get("width")).isEqualTo(1280.0);
        assertThat(metadata.get("height")).isEqualTo(720.0);
        assertThat(metadata.get("framerate")).isEqualTo(30.0);
        assertThat(metadata.get("stereo")).isEqualTo(true);
        assertThat(metadata.get("encoder")).isEqualTo("Lavf61.7.100");
    }

    @Test
    void ecmaArrayCountIsOnlyAHint() throws AmfException {
        // Encoders commonly send 0; the end marker, not the count, ends the array.
        assertThat(decodeOne("08 00000000  0001 61 05  0001 62 05  0000 09"))
                .isEqualTo(mapOf("a", null, "b", null));
        assertThat(decodeOne("08 ffffffff  0000 09")).isEqualTo(Map.of());
    }

    @Test
    void connectResultRoundTripsByteForByte() throws AmfException {
        Map<String, Object> server = mapOf("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0);
        Map<String, Object> status = mapOf(
                "level", "status",
                "code", "NetConnection.Connect.Success",
                "description", "Connection succeeded.",
                "objectEncoding", 0.0);

        assertThat(AmfFixtures.encodeHex("_result", 1, server, status))
                .isEqualTo(AmfFixtures.hex(CONNECT_RESULT));
        assertThat(decodeAll(CONNECT_RESULT)).containsExactly("_result", 1.0, server, status);
    }

    @Test
    void decodesEveryType() throws AmfException {
        List<?> values = (List<?>) decodeOne(EVERY_TYPE);

        assertThat(values).hasSize(14);
        assertThat(values.get(0)).isEqualTo(Map.of("a", 1.0));
        assertThat(values.get(1)).as("typed object, class name dropped").isEqualTo(Map.of("b", false));
        assertThat(values.get(2)).isEqualTo(Map.of("c", "x"));
        assertThat(values.get(3)).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(values.get(4)).isEqualTo("abc");
        assertThat(values.get(5)).isEqualTo("<a/>");
        assertThat(values.get(6)).isNull();
        assertThat(values.get(7)).isSameAs(Amf0.UNDEFINED);
        assertThat(values.get(8)).as("unsupported").isSameAs(Amf0.UNDEFINED);
        assertThat(values.get(9)).isSameAs(values.get(0));
        assertThat(values.get(10)).isSameAs(values.get(2));
        assertThat(values.get(11)).isEqualTo(128.0);
        assertThat(values.get(12)).isEqualTo("abc");
        assertThat(values.get(13)).isEqualTo("abc");
    }

    @Test
    void decodesScalars() throws AmfException {
        assertThat(decodeOne("00 bff8000000000000")).isEqualTo(-1.5);
        assertThat(decodeOne("01 00")).isEqualTo(false);
        assertThat(decodeOne("01 01")).isEqualTo(true);
        assertThat(decodeOne("01 02")).as("any non-zero byte is true").isEqualTo(true);
        assertThat(decodeOne("02 0000")).isEqualTo("");
        assertThat(decodeOne("02 0006 c3a96ce29c93")).isEqualTo("él✓");
        assertThat(decodeOne("05")).isNull();
        assertThat(decodeOne("06")).isSameAs(Amf0.UNDEFINED);
    }

    @Test
    void decodesDateIgnoringTimeZone() throws AmfException {
        // 2024-01-01T00:00:00Z, with a time zone of -60 minutes that the spec says to ignore.
        assertThat(decodeOne("0b 4278cc251f400000 ffc4"))
                .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void decodesLongStringAboveShortStringRange() throws AmfException {
        String text = "x".repeat(70_000);
        String hex = "0c 00011170" + "78".repeat(70_000);

        assertThat(decodeOne(hex)).isEqualTo(text);
    }

    @Test
    void numbersReferencesInOrderOfAppearanceIncludingNestedValues() throws AmfException {
        // [#0 strict array] holds #1 {x: #2 {}}, then references to #1 and #2.
        List<?> values = (List<?>) decodeOne("""
                0a 00000003
                  03 0001 78 03 0000 09 0000 09
                  07 0001
                  07 0002
                """);

        Map<?, ?> outer = (Map<?, ?>) values.get(0);
        assertThat(values.get(1)).isSameAs(outer);
        assertThat(values.get(2)).isSameAs(outer.get("x"));
    }

    @Test
    void referencesReachAcrossTopLevelValuesOfOneCall() throws AmfException {
        List<Object> values = decodeAll("03 0001 61 05 0000 09  07 0000");

        assertThat(values.get(1)).isSameAs(values.get(0));
    }

    @Test
    void replacesInvalidUtf8() throws AmfException {
        assertThat(decodeOne("02 0003 61 ff 62")).isEqualTo("a\uFFFDb");
    }

    @Test
    void acceptsEmptyKeyThatIsNotTheEndMarker() throws AmfException {
        assertThat(decodeOne("03 0000 00 3ff0000000000000  0000 09")).isEqualTo(Map.of("", 1.0));
    }

    @Test
    void laterDuplicateKeyWins() throws AmfException {
        assertThat(decodeOne("03 0001 61 01 00  0001 61 01 01  0000 09")).isEqualTo(Map.of("a", true));
    }

    @Test
    void decodeOneLeavesTheRestUnread() throws AmfException {
        ByteBuf in = directCopy(bytes(CONNECT));
        try {
            assertThat(new Amf0Decoder(AmfLimits.DEFAULTS).decodeOne(in)).isEqualTo("connect");
            assertThat(in.readerIndex()).isEqualTo(10);
        } finally {
            in.release();
        }
    }

    @Test
    void decodeAllConsumesTheBufferWithoutRetainingOrReleasingIt() throws AmfException {
        ByteBuf in = directCopy(bytes(CONNECT));
        try {
            new Amf0Decoder(AmfLimits.DEFAULTS).decodeAll(in);

            assertThat(in.isReadable()).isFalse();
            assertThat(in.refCnt()).isEqualTo(1);
        } finally {
            in.release();
        }
    }

    @Test
    void decodeAllStartsAtTheReaderIndex() throws AmfException {
        ByteBuf in = directCopy(bytes("ff ff 05 06"));
        try {
            in.skipBytes(2);

            assertThat(new Amf0Decoder(AmfLimits.DEFAULTS).decodeAll(in))
                    .containsExactly(null, Amf0.UNDEFINED);
        } finally {
            in.release();
        }
    }

    @Test
    void emptyBodyDecodesToNoValues() throws AmfException {
        assertThat(decodeAll("")).isEmpty();
    }

    /** A LinkedHashMap from alternating keys and values; unlike Map.of it keeps order and nulls. */
    static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
