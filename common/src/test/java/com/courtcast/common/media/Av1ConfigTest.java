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
 * av1C boxes written by FFmpeg 5.1 ({@code -f mp4}) with libaom 3.6, SVT-AV1 1.4 and rav1e, checked
 * against ffprobe's profile, level, width and height, and against the short codecs strings FFmpeg
 * 8's DASH muxer writes for the same files. ffprobe's r_frame_rate comes from MP4 timestamps; only
 * the libaom encodes with {@code timing-info=1} carry timing_info in the sequence header, the others
 * must report 0.
 */
class Av1ConfigTest {

    /** libaom 1280x720@30. ffprobe: Main, level 5, 1280x720. DASH: av01.0.05M.08. */
    static final String AOM_1280X720 = "81050c000a0b0000002d4cffb3ccaf9004";
    /** libaom 1280x720@30 with timing-info=1 (equal_picture_interval). ffprobe: Main, 5, 1280x720, 30/1. */
    static final String AOM_TIMING_30 = "81050c000a1404000000040000007b400005bd4cffb3ccaf9004";
    /** libaom 1280x720@60000/1001 with timing-info=1. ffprobe: Main, 8, 1280x720, 60000/1001. */
    static final String AOM_TIMING_59_94 = "81080c000a140400000fa40003a9834000085ea67fd9e657c802";
    /** libaom 640x360 yuv420p10le. ffprobe: Main, 1, 640x360, yuv420p10le. DASH: av01.0.01M.10. */
    static final String AOM_10_BIT = "81014c000a0b0000000cc4ff6736be5010";
    /** libaom 640x360 yuv444p. ffprobe: High, 1, 640x360, yuv444p. DASH: av01.1.01M.08. */
    static final String AOM_444 = "812100000a0b2000000cc4ff6736be4080";
    /** libaom 640x360 gray. ffprobe: Main, 1, 640x360, gray. DASH: av01.0.01M.08. */
    static final String AOM_MONOCHROME = "81011c000a0b0000000cc4ff6736be4a80";
    /** rav1e 640x360@25. ffprobe: Main, level 31, 640x360. DASH: av01.0.31M.08.0.110.02.02.02.0. */
    static final String RAV1E_640X360 = "811f0c000a0e000000fa627fb38842b204040428";
    /** SVT-AV1 854x480@30. ffprobe: Main, 4, 854x480. DASH: av01.0.04M.08. */
    static final String SVT_854X480 = "81040c000a0b00000024c6abdf00be0010";
    /** libaom -still-picture 1: reduced_still_picture_header. ffprobe: Main, 1, 640x360. */
    static final String AOM_REDUCED_STILL_PICTURE = "81010c000a07186627fb3b4010";

    static Stream<Arguments> realRecords() {
        return Stream.of(
                Arguments.of(AOM_1280X720, 1280, 720, 0.0, "av01.0.05M.08", 8, false),
                Arguments.of(AOM_TIMING_30, 1280, 720, 30.0, "av01.0.05M.08", 8, false),
                Arguments.of(AOM_TIMING_59_94, 1280, 720, 60000.0 / 1001, "av01.0.08M.08", 8, false),
                Arguments.of(AOM_10_BIT, 640, 360, 0.0, "av01.0.01M.10", 10, false),
                Arguments.of(AOM_444, 640, 360, 0.0, "av01.1.01M.08", 8, false),
                Arguments.of(AOM_MONOCHROME, 640, 360, 0.0, "av01.0.01M.08", 8, true),
                Arguments.of(RAV1E_640X360, 640, 360, 0.0, "av01.0.31M.08", 8, false),
                Arguments.of(SVT_854X480, 854, 480, 0.0, "av01.0.04M.08", 8, false),
                Arguments.of(AOM_REDUCED_STILL_PICTURE, 640, 360, 0.0, "av01.0.01M.08", 8, false));
    }

    @ParameterizedTest
    @MethodSource("realRecords")
    void matchesWhatFfmpegReports(String record, int width, int height, double fps, String codecs, int bitDepth,
            boolean monochrome) throws Exception {
        Av1Config config = Av1Config.parse(hex(record));

        assertThat(config.width()).isEqualTo(width);
        assertThat(config.height()).isEqualTo(height);
        assertThat(config.frameRate()).isCloseTo(fps, within(1e-9));
        assertThat(config.codecsString()).isEqualTo(codecs);
        assertThat(config.bitDepth()).isEqualTo(bitDepth);
        assertThat(config.monochrome()).isEqualTo(monochrome);
        assertThat(config.highTier()).isFalse();
        assertThat(config.codec()).isEqualTo(Codec.AV1);
    }

    @ParameterizedTest
    @MethodSource("realRecords")
    void damagedRecordsFailWithMediaFormatException(String record) {
        ConfigFixtures.assertFailsCleanlyOnDamage(hex(record), Av1Config::parse);
    }

    @Test
    void readsChromaLayout() throws Exception {
        Av1Config yuv420 = Av1Config.parse(hex(AOM_1280X720));
        Av1Config yuv444 = Av1Config.parse(hex(AOM_444));

        assertThat(yuv420.chromaSubsamplingX()).isOne();
        assertThat(yuv420.chromaSubsamplingY()).isOne();
        assertThat(yuv444.seqProfile()).isOne();
        assertThat(yuv444.chromaSubsamplingX()).isZero();
        assertThat(yuv444.chromaSubsamplingY()).isZero();
    }

    @Test
    void twelveBitNeedsProfileTwo() throws Exception {
        // Profile 2 (Professional), level 8, high tier, high_bitdepth + twelve_bit. The sequence
        // header's seq_profile is patched to match: its first three bits.
        byte[] record = hex(AOM_1280X720);
        record[1] = (byte) (2 << 5 | 8);
        record[2] = (byte) (record[2] | 0x80 | 0x40 | 0x20);
        record[6] = (byte) (record[6] & 0x1F | 2 << 5);

        Av1Config config = Av1Config.parse(record);

        assertThat(config.bitDepth()).isEqualTo(12);
        assertThat(config.codecsString()).isEqualTo("av01.2.08H.12");
    }

    @Test
    void skipsOtherObusAndReadsExtensionHeaders() throws Exception {
        // A metadata OBU first, then the sequence header with obu_extension_flag set.
        String withMetadata = "81050c00" + "2a0100" + "0e00" + "0b0000002d4cffb3ccaf9004";

        Av1Config config = Av1Config.parse(hex(withMetadata));

        assertThat(config.width()).isEqualTo(1280);
        assertThat(config.height()).isEqualTo(720);
    }

    @Test
    void readsASequenceHeaderWithoutSizeField() throws Exception {
        // obu_has_size_field 0: the OBU runs to the end of the record.
        Av1Config config = Av1Config.parse(hex("81050c00" + "08" + "0000002d4cffb3ccaf9004"));

        assertThat(config.width()).isEqualTo(1280);
    }

    @Test
    void rejectsRecordWithoutSequenceHeader() {
        assertThatThrownBy(() -> Av1Config.parse(hex("81050c00")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("AV1 av1C: configOBUs carry no sequence header OBU; the picture size is unknown");
        assertThatThrownBy(() -> Av1Config.parse(hex("81050c00" + "2a0100")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageContaining("no sequence header OBU");
    }

    @Test
    void rejectsBadMarkerAndVersion() {
        assertThatThrownBy(() -> Av1Config.parse(hex("01050c00")))
                .hasMessage("AV1 av1C: marker bit is 0, expected 1");
        assertThatThrownBy(() -> Av1Config.parse(hex("82050c00")))
                .hasMessage("AV1 av1C: version is 2, expected 1");
    }

    @Test
    void rejectsObuSizeBeyondTheRecord() {
        assertThatThrownBy(() -> Av1Config.parse(hex("81050c00" + "0a20" + "0000002d4cffb3ccaf9004")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("AV1 av1C: truncated reading OBU payload (obu_size 32, 11 bytes left)");
    }

    @Test
    void rejectsProfileMismatchWithTheSequenceHeader() {
        byte[] record = hex(AOM_1280X720);
        record[1] = (byte) (1 << 5 | 5);
        assertThatThrownBy(() -> Av1Config.parse(record))
                .hasMessage("AV1 av1C: seq_profile is 1 but the sequence header says 0");
    }

    @Test
    void comparesByContentAndPrintsSummary() throws Exception {
        Av1Config a = Av1Config.parse(hex(SVT_854X480));
        Av1Config b = Av1Config.parse(hex(SVT_854X480));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(Av1Config.parse(hex(AOM_1280X720)));
        assertThat(a.toString()).contains("av01.0.04M.08", "854x480", "record 17 bytes").doesNotContain("[B@");
    }
}
