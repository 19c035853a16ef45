package com.courtcast.ingest.rtmp.amf;

import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeAll;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AMF3 values behind the AMF0 AVM+ switch marker (0x11). */
class Amf3ValueTest {

    @Test
    void decodesConstants() throws AmfException {
        assertThat(decodeAll("11 00  11 01  11 02  11 03"))
                .containsExactly(Amf0.UNDEFINED, null, false, true);
    }

    @ParameterizedTest(name = "U29 {0} -> {1}")
    @CsvSource({
        "00,          0",
        "7f,          127",
        "81 00,       128",
        "ff 7f,       16383",
        "81 80 00,    16384",
        "ff ff 7f,    2097151",
        "80 c0 80 00, 2097152",
        "bf ff ff ff, 268435455",
        "c0 80 80 00, -268435456",
        "ff ff ff ff, -1",
    })
    void decodesIntegersAsSignExtended29BitDoubles(String u29, double expected) throws AmfException {
        assertThat(decodeOne("11 04 " + u29)).isEqualTo(expected);
    }

    @Test
    void decodesDouble() throws AmfException {
        assertThat(decodeOne("11 05 400921fb54442d18")).isEqualTo(Math.PI);
    }

    @Test
    void decodesInlineStringsAndReferencesToThem() throws AmfException {
        // "" takes no slot in the string table, so reference #0 is "abc" and #1 is "é".
        assertThat(decodeAll("11 06 01  11 06 07 616263  11 06 05 c3a9  11 06 00  11 06 02"))
                .containsExactly("", "abc", "é", "abc", "é");
    }

    @Test
    void decodesAmf3ValuesInsideAnAmf0Object() throws AmfException {
        // How a Flash Player era client sends connect properties once it has switched to AMF3.
        Object properties = decodeOne("""
                03
                  0003 617070          11 06 09 6c697665
                  000e 6f626a656374456e636f64696e67  11 04 03
                  000b 766964656f436f64656373        11 05 406fc00000000000
                  0000 09
                """);

        assertThat(properties).isEqualTo(Map.of("app", "live", "objectEncoding", 3.0, "videoCodecs", 254.0));
    }

    @ParameterizedTest(name = "marker {0} ({1})")
    @CsvSource({
        "07, XML document",
        "08, date",
        "09, array",
        "0a, object",
        "0b, XML",
        "0c, byte array",
        "0d, int vector",
        "10, object vector",
        "11, dictionary",
        "12, unknown",
        "ff, unknown",
    })
    void rejectsComplexTypesRatherThanMisparsing(String marker, String name) {
        assertThatThrownBy(() -> decodeAll("02 0001 61  11 " + marker + " 01 0a 0b 01"))
                .isInstanceOf(AmfException.class)
                .hasMessage("unsupported AMF3 type 0x%s (%s) at offset 5", marker, name);
    }

    @Test
    void rejectsStringReferenceBeyondTable() {
        assertThatThrownBy(() -> decodeAll("11 06 07 616263  11 06 02"))
                .isInstanceOf(AmfException.class)
                .hasMessage("AMF3 string reference #1 but only 1 strings were sent at offset 8");
    }

    @Test
    void rejectsTruncatedU29() {
        assertThatThrownBy(() -> decodeOne("11 04 ff ff"))
                .isInstanceOf(AmfException.class)
                .hasMessageStartingWith("truncated AMF3 integer");
    }

    @Test
    void rejectsStringLongerThanLimitBeforeReadingIt() {
        // Header 0x1fffffff: a length of 2^28 - 1 bytes, with none of them present.
        assertThatThrownBy(() -> decodeOne("11 06 ff ff ff ff"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("exceeds the limit");
    }
}
