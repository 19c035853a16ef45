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
 * avcC records written by FFmpeg 5.1 + libx264 (FLV sequence header tag bodies, or the MP4 avcC box
 * payload), each checked against what ffprobe reports for the same file: width, height,
 * r_frame_rate, profile and level.
 */
class AvcConfigTest {

    /** testsrc2=size=854x480:rate=30, -profile:v high, -f flv. ffprobe: High, level 31, 854x480, 30/1. */
    static final String HIGH_854X480 =
            "0164001fffe1001a6764001facd940d83de6f0110000030001000003003c0f18319601000668ebe3cb22c0fdf8f800";
    /** 1920x1080@25, -profile:v main, -f flv. ffprobe: Main, level 40, 1920x1080, 25/1. */
    static final String MAIN_1920X1080 =
            "014d4028ffe1001a674d4028eca03c0113f2e022000003000200000300641e30632c01000568ebe3cb20";
    /** 1920x1080@25 interlaced (+ildct+ilme, interlaced=1), -f flv. ffprobe: High, 40, 1920x1080, tt, 25/1. */
    static final String HIGH_1080I =
            "01640028ffe1001a67640028acd94078044fde0220000003002000000643e2c5b2c001000668fba3cb22c0fdf8f800";
    /** 640x360@24000/1001, -profile:v baseline, -f flv. ffprobe: Constrained Baseline, 30, 640x360, 24000/1001. */
    static final String BASELINE_640X360 =
            "0142c01effe100186742c01ed900a02ff9701100000303e90000bb800f162e4801000568cb83cb20";
    /** 702x394@50 yuv444p, -profile:v high444, -f flv. ffprobe: High 4:4:4 Predictive, 31, 702x394, 50/1. */
    static final String HIGH444_702X394 =
            "01f4001fffe1001b67f4001f919b2816067dcf80880000030008000003032078c18cb001000668ebe3c44844fff8f800";
    /** 1278x718@60 yuv420p10le, -profile:v high10, -f mp4. ffprobe: High 10, 32, 1278x718, 60/1. */
    static final String HIGH10_1278X718 =
            "016e0020ffe1001b676e0020a6cd9405005beab011000003000100000300780f18319601000668ebe3cb22c0fdfafa00";
    /**
     * 1366x768@30 yuv422p, -profile:v high422, custom cqm (x264 puts it in the PPS), -f mp4.
     * ffprobe: High 4:2:2, 32, 1366x768, 30/1.
     */
    static final String HIGH422_1366X768 =
            "017a0020ffe1001b677a0020bcd94056061e6f0110000003001000000303c0f183196001001f68ebe3cb3128e8ec21c462a284a2"
                    + "26290dc9e2be4fc9fc9f93e4f3726490b0fef8f800";
    /**
     * x264 never writes pic_order_cnt_type 1: the 1920x1080@25 Main SPS of a -bf 0 encode (type 2) was
     * rewritten to type 1 (delta_pic_order_always_zero_flag 1, three offset_for_ref_frame values),
     * which leaves the slice syntax unchanged. ffprobe decodes the spliced Annex B stream without
     * errors and reports Main, 40, 1920x1080, 25/1.
     */
    static final String MAIN_POC_TYPE_1 =
            "014d4028ffe1001f674d4028d4a884600960803c0113f2e022000003000200000300641e30649001000568ebc3cb20";
    /**
     * x264 puts scaling matrices in the PPS: the 854x480 High SPS was rewritten with
     * seq_scaling_matrix_present_flag 1 (explicit 4x4 and 8x8 lists, two "use default" lists, the
     * rest absent). ffprobe decodes all 30 frames and reports High, 31, 854x480, 30/1.
     */
    static final String HIGH_SPS_SCALING_LISTS =
            "0164001fffe1003d6764001fad8412492492492484442092492492492492492492492492492492492492492492492847650360f7"
                    + "9bc044000003000400000300f03c60c65801000668ebe3cb22c0";

    static Stream<Arguments> realRecords() {
        return Stream.of(
                Arguments.of(HIGH_854X480, 854, 480, 30.0, 100, 31, "avc1.64001F"),
                Arguments.of(MAIN_1920X1080, 1920, 1080, 25.0, 77, 40, "avc1.4D4028"),
                Arguments.of(HIGH_1080I, 1920, 1080, 25.0, 100, 40, "avc1.640028"),
                Arguments.of(BASELINE_640X360, 640, 360, 24000.0 / 1001, 66, 30, "avc1.42C01E"),
                Arguments.of(HIGH444_702X394, 702, 394, 50.0, 244, 31, "avc1.F4001F"),
                Arguments.of(HIGH10_1278X718, 1278, 718, 60.0, 110, 32, "avc1.6E0020"),
                Arguments.of(HIGH422_1366X768, 1366, 768, 30.0, 122, 32, "avc1.7A0020"),
                Arguments.of(MAIN_POC_TYPE_1, 1920, 1080, 25.0, 77, 40, "avc1.4D4028"),
                Arguments.of(HIGH_SPS_SCALING_LISTS, 854, 480, 30.0, 100, 31, "avc1.64001F"));
    }

    @ParameterizedTest
    @MethodSource("realRecords")
    void matchesWhatFfprobeReports(String record, int width, int height, double fps, int profile, int level,
            String codecs) throws Exception {
        AvcConfig config = AvcConfig.parse(hex(record));

        assertThat(config.width()).isEqualTo(width);
        assertThat(config.height()).isEqualTo(height);
        assertThat(config.frameRate()).isCloseTo(fps, within(1e-9));
        assertThat(config.profileIdc()).isEqualTo(profile);
        assertThat(config.levelIdc()).isEqualTo(level);
        assertThat(config.codecsString()).isEqualTo(codecs);
        assertThat(config.nalLengthSize()).isEqualTo(4);
        assertThat(config.sps()).hasSize(1);
        assertThat(config.pps()).hasSize(1);
        assertThat(config.codec()).isEqualTo(Codec.H264);
    }

    @ParameterizedTest
    @MethodSource("realRecords")
    void damagedRecordsFailWithMediaFormatException(String record) {
        ConfigFixtures.assertFailsCleanlyOnDamage(hex(record), AvcConfig::parse);
    }

    @Test
    void keepsParameterSetsAsSentWithEmulationPreventionBytes() throws Exception {
        AvcConfig config = AvcConfig.parse(hex(HIGH_854X480));

        assertThat(config.sps().get(0))
                .isEqualTo(hex("6764001facd940d83de6f0110000030001000003003c0f183196"));
        assertThat(config.pps().get(0)).isEqualTo(hex("68ebe3cb22c0"));
        assertThat(config.record()).isEqualTo(hex(HIGH_854X480));
    }

    @Test
    void readsOneAndTwoByteNalLengths() throws Exception {
        byte[] record = hex(MAIN_1920X1080);
        record[4] = (byte) 0xFC;
        assertThat(AvcConfig.parse(record).nalLengthSize()).isEqualTo(1);
        record[4] = (byte) 0xFD;
        assertThat(AvcConfig.parse(record).nalLengthSize()).isEqualTo(2);
    }

    @Test
    void rejectsThreeByteNalLengths() {
        byte[] record = hex(MAIN_1920X1080);
        record[4] = (byte) 0xFE;
        assertThatThrownBy(() -> AvcConfig.parse(record))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageContaining("lengthSizeMinusOne");
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] record = hex(MAIN_1920X1080);
        record[0] = 0;
        assertThatThrownBy(() -> AvcConfig.parse(record))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("H.264 avcC: configurationVersion is 0, expected 1");
    }

    @Test
    void rejectsRecordWithoutSps() {
        assertThatThrownBy(() -> AvcConfig.parse(hex("014d4028ffe0 00")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageContaining("numOfSequenceParameterSets is 0");
    }

    @Test
    void namesTheFieldOfATruncatedRecord() {
        assertThatThrownBy(() -> AvcConfig.parse(hex("014d4028ffe1001a674d40")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("H.264 avcC: truncated reading sequenceParameterSetNALUnit");
        assertThatThrownBy(() -> AvcConfig.parse(hex("014d40")))
                .hasMessage("H.264 avcC: truncated reading AVCLevelIndication");
    }

    @Test
    void namesTheFieldOfATruncatedSps() {
        // The 1080p SPS cut after level_idc and one more byte.
        assertThatThrownBy(() -> AvcConfig.parse(hex("014d4028ffe10005674d4028ec 00")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageStartingWith("H.264 SPS: truncated reading ");
    }

    @Test
    void rejectsAParameterSetThatIsNotAnSps() {
        assertThatThrownBy(() -> AvcConfig.parse(hex("014d4028ffe1000568ebe3cb20 00")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("H.264 SPS: nal_unit_type is 8, expected 7");
    }

    @Test
    void reportsZeroFrameRateWithoutVuiTiming() throws Exception {
        AvcConfig config = AvcConfig.parse(handMadeBaselineRecord("00101"));

        assertThat(config.width()).isEqualTo(640);
        assertThat(config.height()).isEqualTo(360);
        assertThat(config.frameRate()).isZero();
    }

    @Test
    void rejectsCroppingLargerThanThePicture() {
        // frame_crop_bottom_offset 200 is 400 lines of a 368-line picture.
        assertThatThrownBy(() -> AvcConfig.parse(handMadeBaselineRecord("000000011001001")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("H.264 SPS: frame cropping (top 0, bottom 200) removes the whole 368-pixel coded height");
    }

    /**
     * A Baseline (66) level 3.0 SPS without VUI, 40x23 macroblocks: sps_id 0, log2_max_frame_num_minus4
     * 0, pic_order_cnt_type 2, one reference frame, frame_mbs_only, cropping (0, 0, 0, bottom).
     */
    private static byte[] handMadeBaselineRecord(String cropBottomUe) {
        String bits = "1" + "1" + "011" + "010" + "0" // sps id, frame num, poc type 2, refs 1, gaps 0
                + "00000101000" + "000010111" // pic_width_in_mbs_minus1 39, pic_height_in_map_units_minus1 22
                + "1" + "1" + "1" // frame_mbs_only, direct_8x8_inference, frame_cropping
                + "1" + "1" + "1" + cropBottomUe // crop left, right, top 0, bottom
                + "0" + "1"; // no VUI, rbsp_stop_one_bit
        StringBuilder sps = new StringBuilder("6742c01e");
        for (int i = 0; i < bits.length(); i += 8) {
            String octet = (bits.substring(i, Math.min(bits.length(), i + 8)) + "0000000").substring(0, 8);
            sps.append(String.format("%02x", Integer.parseInt(octet, 2)));
        }
        return hex("0142c01effe1" + String.format("%04x", sps.length() / 2) + sps + "00");
    }

    @Test
    void comparesByContentAndPrintsSummary() throws Exception {
        AvcConfig a = AvcConfig.parse(hex(HIGH_854X480));
        AvcConfig b = AvcConfig.parse(hex(HIGH_854X480));
        AvcConfig other = AvcConfig.parse(hex(MAIN_1920X1080));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
        assertThat(a.toString())
                .contains("avc1.64001F", "854x480", "30 fps", "sps bytes=[26]", "pps bytes=[6]", "record 47 bytes")
                .doesNotContain("[B@");
    }
}
