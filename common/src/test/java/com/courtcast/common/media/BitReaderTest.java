package com.courtcast.common.media;

import static com.courtcast.common.media.ConfigFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitReaderTest {

    @Test
    void readsExpGolombCodesOfH264Table9_2() throws Exception {
        // 1 | 010 | 011 | 00100 | 00101 | 00110 | 00111 | 0001000 -> 0, 1, 2, 3, 4, 5, 6, 7
        BitReader r = reader("1" + "010" + "011" + "00100" + "00101" + "00110" + "00111" + "0001000");
        for (int expected = 0; expected <= 7; expected++) {
            assertThat(r.ue("codeNum")).isEqualTo(expected);
        }
    }

    @Test
    void mapsSignedExpGolombCodes() throws Exception {
        // codeNum 0..4 map to 0, 1, -1, 2, -2 (Table 9-3)
        BitReader r = reader("1" + "010" + "011" + "00100" + "00101");
        assertThat(new int[] {r.se("v"), r.se("v"), r.se("v"), r.se("v"), r.se("v")})
                .containsExactly(0, 1, -1, 2, -2);
    }

    @Test
    void readsTheLargestExpGolombValueThatFitsAnInt() throws Exception {
        // 31 leading zeros: 2^31 - 1 + the 31 bits after the 1
        assertThat(reader("0".repeat(31) + "1" + "0".repeat(31)).ue("big")).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> reader("0".repeat(31) + "1" + "0".repeat(30) + "1").ue("big"))
                .hasMessage("test: big = 2147483648 is too large");
    }

    @Test
    void rejectsOverlongExpGolombCodes() {
        BitReader r = reader("0".repeat(32) + "1" + "0".repeat(32));
        assertThatThrownBy(() -> r.ue("num_ref_frames"))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("test: invalid Exp-Golomb code for num_ref_frames (more than 31 leading zero bits)");
    }

    @Test
    void checksRanges() {
        BitReader r = reader("00101"); // 4
        assertThatThrownBy(() -> r.ue("chroma_format_idc", 0, 3))
                .hasMessage("test: chroma_format_idc = 4 is out of range 0..3");
    }

    @Test
    void namesTheFieldWhenTruncated() throws Exception {
        BitReader r = new BitReader("H.264 SPS", hex("ff"));
        r.bits(6, "six");
        assertThatThrownBy(() -> r.bits(3, "three"))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("H.264 SPS: truncated reading three");
        assertThatThrownBy(() -> new BitReader("x", new byte[0]).ue("sps_id"))
                .hasMessage("x: truncated reading sps_id");
    }

    @Test
    void readsAv1Uvlc() throws Exception {
        // uvlc: leading zeros then that many value bits; 00101 -> 2^2 - 1 + 1 = 4
        assertThat(reader("00101").uvlc("ticks")).isEqualTo(4);
        assertThat(reader("1").uvlc("ticks")).isZero();
        assertThat(reader("0".repeat(32) + "1").uvlc("ticks")).isEqualTo((1L << 32) - 1);
    }

    @Test
    void readsLeb128() throws Exception {
        assertThat(new BitReader("t", hex("7f")).leb128("obu_size")).isEqualTo(127);
        assertThat(new BitReader("t", hex("e507")).leb128("obu_size")).isEqualTo(997);
        assertThatThrownBy(() -> new BitReader("t", hex("808080808080808001")).leb128("obu_size"))
                .hasMessage("t: invalid leb128 for obu_size (more than 8 bytes)");
        assertThatThrownBy(() -> new BitReader("t", hex("8080")).leb128("obu_size"))
                .hasMessage("t: truncated reading obu_size");
    }

    @Test
    void removesEmulationPreventionBytes() {
        assertThat(ConfigRecords.unescape(hex("0000030100000302000003")))
                .isEqualTo(hex("0000010000020000"));
        // 0x03 not preceded by two zeros stays; a removed 0x03 restarts the zero count.
        assertThat(ConfigRecords.unescape(hex("00030000030003"))).isEqualTo(hex("000300000003"));
    }

    private static BitReader reader(String bits) {
        byte[] bytes = new byte[(bits.length() + 7) / 8];
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return new BitReader("test", bytes);
    }
}
