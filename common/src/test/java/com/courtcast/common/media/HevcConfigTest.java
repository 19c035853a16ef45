package com.courtcast.common.media;

import static com.courtcast.common.media.ConfigFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hvcC boxes written by FFmpeg 5.1 + libx265 3.5 ({@code -tag:v hvc1 -f mp4}, x265 info SEI off),
 * each checked against ffprobe's width, height, r_frame_rate, profile and level for the same file.
 */
class HevcConfigTest {

    /** testsrc2 1280x720@30. ffprobe: Main, level 93, 1280x720, 30/1. */
    static final String MAIN_1280X720 = """
            0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003005d959809
            a10001002b42010101600000030090000003000003005da00280802d165959a4932bc05a020000030002000003003c10a2000100
            074401c172b46240""";
    /** 854x480@25 (coded 856 wide, conformance window 1 chroma unit right). ffprobe: Main, 90, 854x480, 25/1. */
    static final String MAIN_854X480 = """
            0101600000009000000000005af000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003005a959809
            a10001002a42010101600000030090000003000003005aa006b201e1d796566924caf0168080000003008000000c84a200010007
            4401c172b46240""";
    /** 1918x1078@60 yuv420p10le. ffprobe: Main 10, 123, 1918x1078 (coded 1920x1080), 60/1. */
    static final String MAIN10_1918X1078 = """
            0102200000009000000000007bf000fcfdfafa00000f03a00001001840010c01ffff02200000030090000003000003007b959809
            a10001002d42010102200000030090000003000003007ba003c08010e754d96566924caf016808000003000800000301e040a200
            0100074401c172b46240""";
    /** 638x358@50 yuv422p10le. ffprobe: Rext, 90, 638x358, 50/1. */
    static final String REXT_422_638X358 = """
            0104080000009d08000000005af000fcfefafa00000f03a00001001740010c01ffff0408000003009d0800000300005a959809a1
            0001002b4201010408000003009d0800000300005ab005020169d5b65959a4932bc05a020000030002000003006410a200010007
            4401c172b46240""";
    /** 718x402@30000/1001 yuv444p (SubWidthC 1). ffprobe: Rext, 90, 718x402, 30000/1001. */
    static final String REXT_444_718X402 = """
            0104080000009e08000000005af000fcfff8f800000f03a00001001740010c01ffff0408000003009e0800000300005a959809a1
            0001002a4201010408000003009e0800000300005a9000b440333b9f2cacd24995e02d0100000303e90000753008a20001000844
            01c172860c4624""";
    /** 1280x720@30 with hrd=1 (HRD after the VUI timing) and an SEI array in the record. ffprobe: Main, 93, 30/1. */
    static final String MAIN_HRD_WITH_SEI_ARRAY = """
            0101600000009000000000005df000fcfdf8f800000f04a00001001840010c01ffff01600000030090000003000003005d959809
            a10001003542010101600000030090000003000003005da00280802d165959a4932bc05a020000030002000003003cc1392cdc00
            1e848003d091a2000100074401c172b4624027000100064e0181010f80""";
    /** 1280x720@30 with temporal-layers=1: sps_max_sub_layers_minus1 1. ffprobe: Main, 93, 1280x720, 30/1. */
    static final String MAIN_TWO_SUB_LAYERS = """
            0101600000009000000000005df000fcfdf8f800001303a00001001c40010c02ffff01600000030090000003000003005d000095
            98acc048a10001002f42010201600000030090000003000003005d0000a00280802d1659598acd24995e02d01000000300100000
            0301e080a2000100074401c172b46240""";
    /** 1280x720@30 with a custom scaling-list file: scaling_list_data() in the SPS. ffprobe: Main, 93, 30/1. */
    static final String MAIN_SCALING_LIST_DATA = """
            0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003005d959809
            a10001011042010101600000030090000003000003005da00280802d165959a493e100830936156d851b0930c911114200802628
            26161a160984cc160985826110b04c2c130b20985826130b04c28130b04c2c130b04c281309858261609a0b04c2c130986026160
            98581185826161a16098a098922222850a080262826161a160984cc160985826110b04c2c130b20985826130b04c28130b04c2c1
            30b04c281309858261609a0b04c2c13098602616098581185826161a16098a098922222850a080262826161a160984cc16098582
            6110b04c2c130b20985826130b04c28130b04c2c130b04c281309858261609a0b04c2c13098602616098581185826161a16098a0
            98925780b4040000030004000003007820a2000100074401c172b46240""";
    /**
     * 1280x720@30 with a busy VUI: colour description, full range, chroma location, overscan and a
     * default display window ahead of the timing info. ffprobe: Main, 93, 1280x720 (the default
     * display window is not applied), yuvj420p, 30/1.
     */
    static final String MAIN_FULL_VUI = """
            0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003005d959809
            a10001003142010101600000030090000003000003005da00280802d165959a4932bc3adc040406d88913c000003000400000300
            7820a2000100074401c172b46240""";
    /**
     * x265 signals reference picture sets in slice headers only. The SPS of {@link #MAIN_FULL_VUI}
     * was rewritten with three short-term RPSs (one explicit, two inter-RPS predicted) and two
     * long-term reference pictures. ffprobe parses the spliced SPS and its VUI without an error
     * (slices no longer decode, as their syntax depends on the SPS) and reports 1280x720, 30/1.
     */
    static final String MAIN_SPS_REFERENCE_PICTURE_SETS = """
            0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003005d959809
            a10001003942010101600000030090000003000003005da00280802d165959a4932235a2da74d2c1613f0eb7010101b62244f000
            0003001000000301e080a2000100074401c172b46240""";

    static Stream<Arguments> realRecords() {
        return Stream.of(
                Arguments.of(MAIN_1280X720, 1280, 720, 30.0, 1, 93, "hvc1.1.6.L93.90"),
                Arguments.of(MAIN_854X480, 854, 480, 25.0, 1, 90, "hvc1.1.6.L90.90"),
                Arguments.of(MAIN10_1918X1078, 1918, 1078, 60.0, 2, 123, "hvc1.2.4.L123.90"),
                Arguments.of(REXT_422_638X358, 638, 358, 50.0, 4, 90, "hvc1.4.10.L90.9D.8"),
                Arguments.of(REXT_444_718X402, 718, 402, 30000.0 / 1001, 4, 90, "hvc1.4.10.L90.9E.8"),
                Arguments.of(MAIN_HRD_WITH_SEI_ARRAY, 1280, 720, 30.0, 1, 93, "hvc1.1.6.L93.90"),
                Arguments.of(MAIN_TWO_SUB_LAYERS, 1280, 720, 30.0, 1, 93, "hvc1.1.6.L93.90"),
                Arguments.of(MAIN_SCALING_LIST_DATA, 1280, 720, 30.0, 1, 93, "hvc1.1.6.L93.90"),
                Arguments.of(MAIN_FULL_VUI, 1280, 720, 30.0, 1, 93, "hvc1.1.6.L93.90"),
                Arguments.of(MAIN_SPS_REFERENCE_PICTURE_SETS, 1280, 720, 30.0, 1, 93, "hvc1.1.6.L93.90"));
    }

    @ParameterizedTest
    @MethodSource("realRecords")
    void matchesWhatFfprobeReports(String record, int width, int height, double fps, int profile, int level,
            String codecs) throws Exception {
        HevcConfig config = HevcConfig.parse(hex(record));

        assertThat(config.width()).isEqualTo(width);
        assertThat(config.height()).isEqualTo(height);
        // Reaching the VUI timing proves the walk over sub-layers, scaling lists and RPSs was right.
        assertThat(config.frameRate()).isCloseTo(fps, within(1e-9));
        assertThat(config.profileIdc()).isEqualTo(profile);
        assertThat(config.levelIdc()).isEqualTo(level);
        assertThat(config.codecsString()).isEqualTo(codecs);
        assertThat(config.nalLengthSize()).isEqualTo(4);
        assertThat(config.vps()).hasSize(1);
        assertThat(config.sps()).hasSize(1);
        assertThat(config.pps()).hasSize(1);
        assertThat(config.highTier()).isFalse();
        assertThat(config.profileSpace()).isZero();
        assertThat(config.codec()).isEqualTo(Codec.HEVC);
    }

    @ParameterizedTest
    @MethodSource("realRecords")
    void damagedRecordsFailWithMediaFormatException(String record) {
        ConfigFixtures.assertFailsCleanlyOnDamage(hex(record), HevcConfig::parse);
    }

    @Test
    void readsTheRecordHeader() throws Exception {
        HevcConfig config = HevcConfig.parse(hex(REXT_422_638X358));

        assertThat(config.profileCompatibilityFlags()).isEqualTo(0x0800_0000L);
        assertThat(config.constraintIndicatorFlags()).isEqualTo(0x9D08_0000_0000L);
        assertThat(config.sps().get(0)).hasSize(43);
    }

    @Test
    void codecsStringCarriesSpaceTierAndAllConstraintBytes() throws Exception {
        byte[] record = hex(MAIN_1280X720);
        record[1] = (byte) (0b10 << 6 | 1 << 5 | 1); // profile space 2, high tier, profile 1
        record[6] = (byte) 0xB0;
        record[11] = 0x01; // last constraint byte non-zero: none may be dropped

        assertThat(HevcConfig.parse(record).codecsString()).isEqualTo("hvc1.B1.6.H93.B0.0.0.0.0.1");
    }

    @Test
    void codecsStringDropsAllZeroConstraintBytes() throws Exception {
        byte[] record = hex(MAIN_1280X720);
        record[6] = 0;

        assertThat(HevcConfig.parse(record).codecsString()).isEqualTo("hvc1.1.6.L93");
    }

    @Test
    void rejectsThreeByteNalLengths() {
        byte[] record = hex(MAIN_1280X720);
        record[21] = (byte) 0x0E;
        assertThatThrownBy(() -> HevcConfig.parse(record))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageContaining("lengthSizeMinusOne is 2");
    }

    @Test
    void rejectsRecordWithoutSps() {
        assertThatThrownBy(() -> HevcConfig.parse(hex(HEADER_720 + "01" + array(0x20, VPS_720))))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("HEVC hvcC: the record carries no base-layer SPS (NAL type 33)");
    }

    @Test
    void namesTheFieldOfATruncatedRecord() {
        assertThatThrownBy(() -> HevcConfig.parse(hex("01016000000090")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("HEVC hvcC: truncated reading general_constraint_indicator_flags");
    }

    @Test
    void reportsZeroFrameRateWhenTheSpsTailIsUnreadable() throws Exception {
        // The 720p SPS cut 9 bits after bit_depth_chroma_minus8: the size is known, the VUI is not.
        String cutSps = "42010101600000030090000003000003005da00280802d1659";
        String record = HEADER_720 + "03" + array(0x20, VPS_720) + array(0x21, cutSps) + array(0x22, PPS_720);
        HevcConfig config = HevcConfig.parse(hex(record));

        assertThat(config.width()).isEqualTo(1280);
        assertThat(config.height()).isEqualTo(720);
        assertThat(config.frameRate()).isZero();
    }

    @Test
    void takesTheFirstBaseLayerSps() throws Exception {
        // An SPS with nuh_layer_id 1 (a multi-layer extension) ahead of the base-layer one is skipped.
        String layerOneSps = "4209" + "0101"; // nuh_layer_id 1, temporal id 1
        String sps720 = "42010101600000030090000003000003005da00280802d165959a4932bc05a020000030002000003003c10";
        String record = HEADER_720 + "03" + array(0x20, VPS_720) + array(0x21, layerOneSps, sps720)
                + array(0x22, PPS_720);

        HevcConfig config = HevcConfig.parse(hex(record));

        assertThat(config.sps()).hasSize(2);
        assertThat(config.width()).isEqualTo(1280);
        assertThat(config.frameRate()).isEqualTo(30.0);
    }

    private static final String HEADER_720 = "0101600000009000000000005df000fcfdf8f800000f";
    private static final String VPS_720 = "40010c01ffff01600000030090000003000003005d959809";
    private static final String PPS_720 = "4401c172b46240";

    /** One hvcC NAL unit array (complete, reserved 0) of the given type. */
    private static String array(int nalType, String... units) {
        StringBuilder sb = new StringBuilder(String.format("%02x%04x", 0x80 | nalType, units.length));
        for (String unit : units) {
            sb.append(String.format("%04x", unit.length() / 2)).append(unit);
        }
        return sb.toString();
    }

    @Test
    void comparesByContentAndPrintsSummary() throws Exception {
        HevcConfig a = HevcConfig.parse(hex(MAIN_854X480));
        HevcConfig b = HevcConfig.parse(hex(MAIN_854X480));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(HevcConfig.parse(hex(MAIN_1280X720)));
        assertThat(a.toString())
                .contains("hvc1.1.6.L90.90", "854x480", "25 fps", "sps bytes=[42]", "record 111 bytes")
                .doesNotContain("[B@");
    }
}
