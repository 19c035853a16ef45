package com.courtcast.common.media;

import static com.courtcast.common.media.ConfigFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AudioSpecificConfigs from FFmpeg 5.1's AAC encoder (FLV sequence header or MP4 esds), and
 * hand-written HE-AAC configs spliced into the AAC sequence header of an FFmpeg FLV; each checked
 * against ffprobe's sample_rate and channels for that file.
 */
class AacConfigTest {

    /** -ac 2, 48 kHz, -f flv. ffprobe: LC, 48000, 2. FFmpeg appends a sync extension saying "no SBR". */
    static final String LC_48K_STEREO = "119056e500";
    /** -ac 1, 44.1 kHz, -f mp4. ffprobe: LC, 44100, 1. */
    static final String LC_44K_MONO = "120856e500";
    /** -ac 6, 22.05 kHz, -f mp4. ffprobe: LC, 22050, 6. */
    static final String LC_22K_51 = "13b056e500";
    /** 2.1 layout with -aac_pce 1: channelConfiguration 0 and a PCE with a comment. ffprobe: LC, 32000, 3, 2.1. */
    static final String LC_PCE_2_1 = "12800544010020000d4c61766335392e33372e31303056e500";
    /** 7.1(wide) layout with -aac_pce 1. ffprobe: LC, 48000, 8. */
    static final String LC_PCE_7_1_WIDE = "118004c848002000c6400d4c61766335392e33372e31303056e500";
    /**
     * Explicit SBR (object type 5): 22.05 kHz stereo AAC-LC core, 44.1 kHz output. Spliced into a
     * 22.05 kHz stereo LC FLV, ffprobe reports 44100 Hz, 2 channels.
     */
    static final String HE_AAC_EXPLICIT = "2b920800";
    /**
     * Explicit PS (object type 29): 24 kHz mono LC core, 48 kHz output. Spliced into a 24 kHz mono
     * LC FLV, ffprobe reports 48000 Hz, 2 channels.
     */
    static final String HE_AAC_V2_EXPLICIT = "eb098800";
    /**
     * Backward-compatible signalling: 24 kHz mono LC, then sync extension 0x2B7 (SBR, 48 kHz) and
     * 0x548 (PS). Spliced into the same FLV, ffprobe reports 48000 Hz, 2 channels.
     */
    static final String HE_AAC_V2_BACKWARD_COMPATIBLE = "130856e59d4880";

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of(LC_48K_STEREO, 2, 48000, 2, "mp4a.40.2"),
                Arguments.of(LC_44K_MONO, 2, 44100, 1, "mp4a.40.2"),
                Arguments.of(LC_22K_51, 2, 22050, 6, "mp4a.40.2"),
                Arguments.of(LC_PCE_2_1, 2, 32000, 3, "mp4a.40.2"),
                Arguments.of(LC_PCE_7_1_WIDE, 2, 48000, 8, "mp4a.40.2"),
                Arguments.of(HE_AAC_EXPLICIT, 2, 44100, 2, "mp4a.40.5"),
                Arguments.of(HE_AAC_V2_EXPLICIT, 2, 48000, 2, "mp4a.40.29"),
                Arguments.of(HE_AAC_V2_BACKWARD_COMPATIBLE, 2, 48000, 2, "mp4a.40.2"));
    }

    @ParameterizedTest
    @MethodSource("records")
    void matchesWhatFfprobeReports(String record, int objectType, int sampleRate, int channels, String codecs)
            throws Exception {
        AacConfig config = AacConfig.parse(hex(record));

        assertThat(config.audioObjectType()).isEqualTo(objectType);
        assertThat(config.sampleRate()).isEqualTo(sampleRate);
        assertThat(config.channelCount()).isEqualTo(channels);
        assertThat(config.codecsString()).isEqualTo(codecs);
        assertThat(config.codec()).isEqualTo(Codec.AAC);
    }

    @ParameterizedTest
    @MethodSource("records")
    void damagedRecordsFailWithMediaFormatException(String record) {
        ConfigFixtures.assertFailsCleanlyOnDamage(hex(record), AacConfig::parse);
    }

    @Test
    void readsTheTwoByteMinimum() throws Exception {
        AacConfig config = AacConfig.parse(hex("1190"));

        assertThat(config.sampleRate()).isEqualTo(48000);
        assertThat(config.channelCount()).isEqualTo(2);
    }

    @Test
    void readsAnExplicitSamplingFrequency() throws Exception {
        // samplingFrequencyIndex 0xF then 24 bits: 37800 Hz (FFmpeg's decoder refuses this form).
        AacConfig config = AacConfig.parse(hex("178049d410"));

        assertThat(config.sampleRate()).isEqualTo(37800);
        assertThat(config.channelCount()).isEqualTo(2);
    }

    @Test
    void readsAnEscapedObjectType() throws Exception {
        // audioObjectType 31 escapes to 32 + 10 = 42 (USAC), 48 kHz stereo.
        AacConfig config = AacConfig.parse(hex("f94640"));

        assertThat(config.audioObjectType()).isEqualTo(42);
        assertThat(config.codecsString()).isEqualTo("mp4a.40.42");
    }

    @Test
    void rejectsReservedValues() {
        assertThatThrownBy(() -> AacConfig.parse(hex("1690")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("AAC AudioSpecificConfig: samplingFrequencyIndex 13 is reserved");
        assertThatThrownBy(() -> AacConfig.parse(hex("11c8")))
                .hasMessage("AAC AudioSpecificConfig: channelConfiguration 9 is reserved");
        assertThatThrownBy(() -> AacConfig.parse(hex("0190")))
                .hasMessage("AAC AudioSpecificConfig: audioObjectType is 0 (null object)");
    }

    @Test
    void namesTheFieldOfATruncatedConfig() {
        assertThatThrownBy(() -> AacConfig.parse(hex("11")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("AAC AudioSpecificConfig: truncated reading samplingFrequencyIndex");
        assertThatThrownBy(() -> AacConfig.parse(new byte[0]))
                .hasMessage("AAC AudioSpecificConfig: truncated reading audioObjectType");
    }

    @Test
    void comparesByContentAndPrintsSummary() throws Exception {
        AacConfig a = AacConfig.parse(hex(LC_48K_STEREO));
        AacConfig b = AacConfig.parse(hex(LC_48K_STEREO));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(AacConfig.parse(hex(LC_44K_MONO)));
        assertThat(a.toString()).isEqualTo("AacConfig[mp4a.40.2, object type 2, 48000 Hz, 2 ch, record 0x119056e500]");
        assertThat(AacConfig.parse(hex(LC_PCE_2_1)).toString()).endsWith("record 25 bytes]");
    }
}
