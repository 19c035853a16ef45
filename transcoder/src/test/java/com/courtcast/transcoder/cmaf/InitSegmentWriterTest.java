package com.courtcast.transcoder.cmaf;

import static com.courtcast.transcoder.cmaf.Mp4Boxes.fourCc;
import static com.courtcast.transcoder.cmaf.Mp4Boxes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.HevcConfig;
import com.courtcast.common.testing.NettyLeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Byte tables of the initialization segment's boxes, computed by hand from ISO/IEC 14496-12/-14/-15. */
@ExtendWith(NettyLeakCheck.class)
class InitSegmentWriterTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    /** A stand-in avcC: the writer copies the record, so its content does not matter here. */
    static final AvcConfig AVC = new AvcConfig(hex("01640028"), 100, 0, 40, 4, List.of(), List.of(), 320, 240, 30);
    /** AAC-LC, 48 kHz, stereo: AudioSpecificConfig 0x1190. */
    static final AacConfig AAC = new AacConfig(hex("1190"), 2, 48000, 2);
    static final Av1Config AV1 = new Av1Config(hex("81000c00"), 0, 0, false, 8, false, 1, 1, 640, 360, 30);

    /** An hvcC with VPS, SPS, PPS and SEI arrays, completeness 0 as FFmpeg's FLV muxer writes it. */
    static final byte[] HVCC = hex("""
            01 01 60000000 b00000000000 5d f000 fc fd f8 f8 0000 0f
            04
            20 0001 0002 4001
            21 0001 0003 420101
            22 0001 0001 44
            27 0001 0001 4e""");
    static final HevcConfig HEVC = new HevcConfig(HVCC, 0, false, 1, 0x60000000L, 0xB00000000000L, 93, 4,
            List.of(), List.of(), List.of(), 1280, 720, 25);

    private static List<Mp4Boxes> write(List<TrackSpec> tracks) {
        ByteBuf init = InitSegmentWriter.write(tracks, ALLOC);
        try {
            return Mp4Boxes.parse(init);
        } finally {
            init.release();
        }
    }

    private static Mp4Boxes moov(List<TrackSpec> tracks) {
        List<Mp4Boxes> boxes = write(tracks);
        assertThat(boxes).extracting(Mp4Boxes::type).containsExactly("ftyp", "moov");
        return boxes.get(1);
    }

    @Test
    void ftypOfOneTrackIsIso6WithCmaf() {
        Mp4Boxes ftyp = write(List.of(new TrackSpec(1, AVC, 90000))).get(0);

        assertThat(ftyp.bytes()).isEqualTo(hex("0000001c" + fourCc("ftyp") + fourCc("iso6") + "00000000"
                + fourCc("iso6") + fourCc("cmfc") + fourCc("mp41")));
    }

    @Test
    void ftypOfMuxedTracksClaimsNoCmafBecauseCmafHeadersHaveOneTrack() {
        Mp4Boxes ftyp = write(List.of(new TrackSpec(1, AVC, 90000), new TrackSpec(2, AAC, 48000))).get(0);

        assertThat(ftyp.bytes()).isEqualTo(hex("00000018" + fourCc("ftyp") + fourCc("iso6") + "00000000"
                + fourCc("iso6") + fourCc("mp41")));
    }

    @Test
    void ftypOfAv1AddsTheAv01Brand() {
        Mp4Boxes ftyp = write(List.of(new TrackSpec(1, AV1, 90000))).get(0);

        assertThat(ftyp.bytes()).isEqualTo(hex("00000020" + fourCc("ftyp") + fourCc("iso6") + "00000000"
                + fourCc("iso6") + fourCc("cmfc") + fourCc("av01") + fourCc("mp41")));
    }

    @Test
    void moovDescribesEveryTrackWithEmptySampleTablesAndMovieExtends() {
        Mp4Boxes moov = moov(List.of(new TrackSpec(1, AVC, 90000), new TrackSpec(2, AAC, 48000)));

        assertThat(moov.childTypes()).containsExactly("mvhd", "trak", "trak", "mvex");
        Mp4Boxes video = moov.all("trak").get(0);
        Mp4Boxes audio = moov.all("trak").get(1);
        assertThat(video.childTypes()).containsExactly("tkhd", "mdia");
        assertThat(video.find("mdia").childTypes()).containsExactly("mdhd", "hdlr", "minf");
        assertThat(video.find("mdia/minf").childTypes()).containsExactly("vmhd", "dinf", "stbl");
        assertThat(audio.find("mdia/minf").childTypes()).containsExactly("smhd", "dinf", "stbl");
        assertThat(video.find("mdia/minf/stbl").childTypes()).containsExactly("stsd", "stts", "stsc", "stsz", "stco");
        assertThat(video.find("mdia/minf/stbl/stts").payload()).isEqualTo(hex("00000000 00000000"));
        assertThat(video.find("mdia/minf/stbl/stsz").payload()).isEqualTo(hex("00000000 00000000 00000000"));
        assertThat(video.find("mdia/minf/dinf").bytes()).isEqualTo(hex("00000024" + fourCc("dinf")
                + "0000001c" + fourCc("dref") + "00000000 00000001"
                + "0000000c" + fourCc("url ") + "00000001"));
        assertThat(moov.find("mvex").all("trex")).extracting(Mp4Boxes::bytes).containsExactly(
                hex("00000020" + fourCc("trex") + "00000000 00000001 00000001 00000000 00000000 00000000"),
                hex("00000020" + fourCc("trex") + "00000000 00000002 00000001 00000000 00000000 00000000"));
    }

    @Test
    void headersCarryTrackIdsTimescalesAndPictureSize() {
        Mp4Boxes moov = moov(List.of(new TrackSpec(7, AVC, 90000), new TrackSpec(3, AAC, 48000)));

        Mp4Boxes mvhd = moov.find("mvhd");
        assertThat(mvhd.payload()).hasSize(100);
        assertThat(mvhd.u32(12)).as("timescale").isEqualTo(1000);
        assertThat(mvhd.u32(96)).as("next_track_ID").isEqualTo(8);

        Mp4Boxes videoTkhd = moov.all("trak").get(0).find("tkhd");
        assertThat(videoTkhd.bytes()).isEqualTo(hex("0000005c" + fourCc("tkhd") + "00000003"
                + "00000000 00000000 00000007 00000000 00000000" + "00000000 00000000"
                + "0000 0000 0000 0000"
                + "00010000 00000000 00000000 00000000 00010000 00000000 00000000 00000000 40000000"
                + "01400000 00f00000"));
        Mp4Boxes audioTkhd = moov.all("trak").get(1).find("tkhd");
        assertThat(audioTkhd.u32(12)).as("track_ID").isEqualTo(3);
        assertThat(audioTkhd.u16(36)).as("volume").isEqualTo(0x0100);

        assertThat(moov.all("trak").get(0).find("mdia/mdhd").bytes()).isEqualTo(hex("00000020" + fourCc("mdhd")
                + "00000000 00000000 00000000 00015f90 00000000 55c4 0000"));
        assertThat(moov.all("trak").get(1).find("mdia/mdhd").u32(12)).isEqualTo(48000);
        assertThat(moov.all("trak").get(1).find("mdia/hdlr").bytes()).isEqualTo(hex("0000002d" + fourCc("hdlr")
                + "00000000 00000000" + fourCc("soun") + "00000000 00000000 00000000"
                + "536f756e6448616e646c6572 00"));
    }

    @Test
    void avc1IsAVisualSampleEntryWithTheAvccAsSent() {
        Mp4Boxes stsd = moov(List.of(new TrackSpec(1, AVC, 90000))).find("trak/mdia/minf/stbl/stsd");

        assertThat(stsd.payload()).startsWith(hex("00000000 00000001"));
        assertThat(stsd.find("avc1").bytes()).isEqualTo(hex("00000062" + fourCc("avc1")
                + "000000000000 0001" // reserved, data_reference_index
                + "0000 0000 000000000000000000000000" // pre_defined, reserved, pre_defined[3]
                + "0140 00f0" // 320 x 240
                + "00480000 00480000 00000000 0001" // 72 dpi, reserved, frame_count
                + "0a 41564320436f64696e67" + "00".repeat(21) // "\012AVC Coding"
                + "0018 ffff"
                + "0000000c" + fourCc("avcC") + "01640028"));
    }

    @Test
    void hvc1MarksItsParameterSetArraysCompleteAndLeavesTheConfigUntouched() {
        byte[] before = HEVC.record().clone();
        Mp4Boxes hvc1 = moov(List.of(new TrackSpec(1, HEVC, 90000))).find("trak/mdia/minf/stbl/stsd/hvc1");

        assertThat(hvc1.payload()).containsSubsequence(hex("0b 4845564320436f64696e67")); // "\013HEVC Coding"
        byte[] expected = HVCC.clone();
        expected[23] = (byte) 0xA0; // VPS array
        expected[30] = (byte) 0xA1; // SPS array
        expected[38] = (byte) 0xA2; // PPS array; the SEI array (0x27 at 44) stays incomplete
        assertThat(hvc1.find("hvcC").payload()).isEqualTo(expected);
        assertThat(HEVC.record()).isEqualTo(before);
    }

    @Test
    void truncatedHvccIsRejected() {
        HevcConfig truncated = new HevcConfig(Arrays.copyOf(HVCC, HVCC.length - 1), 0, false, 1, 0, 0, 93, 4,
                List.of(), List.of(), List.of(), 1280, 720, 25);

        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(new TrackSpec(1, truncated, 90000)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hvcC record of 49 bytes is truncated");
    }

    @Test
    void av01NamesTheAomCompressorAndCarriesTheAv1c() {
        Mp4Boxes av01 = moov(List.of(new TrackSpec(1, AV1, 90000))).find("trak/mdia/minf/stbl/stsd/av01");

        assertThat(Arrays.copyOfRange(av01.payload(), 24, 28)).isEqualTo(hex("0280 0168")); // 640 x 360
        assertThat(Arrays.copyOfRange(av01.payload(), 42, 53)).isEqualTo(hex("0a 414f4d20436f64696e67"));
        assertThat(av01.find("av1C").payload()).isEqualTo(hex("81000c00"));
    }

    @Test
    void esdsWrapsTheAudioSpecificConfigInMpeg4Descriptors() {
        Mp4Boxes mp4a = moov(List.of(new TrackSpec(1, AAC, 48000))).find("trak/mdia/minf/stbl/stsd/mp4a");

        assertThat(mp4a.find("esds").bytes()).isEqualTo(hex("00000027" + fourCc("esds") + "00000000"
                + "03 19 0000 00" // ES_Descriptor, 25 bytes: ES_ID 0, no flags
                + "04 11 40 15 000000 00000000 00000000" // DecoderConfig: MPEG-4 audio, AudioStream, bitrates 0
                + "05 02 1190" // DecoderSpecificInfo: the AudioSpecificConfig
                + "06 01 02")); // SLConfigDescriptor predefined 2 (MP4)
    }

    @Test
    void esdsSizesOver127BytesTakeTwoSizeBytes() {
        byte[] config = new byte[130];
        config[0] = 0x11;
        config[1] = (byte) 0x90;
        AacConfig longConfig = new AacConfig(config, 2, 48000, 2);

        byte[] esds = moov(List.of(new TrackSpec(1, longConfig, 48000)))
                .find("trak/mdia/minf/stbl/stsd/mp4a/esds").payload();

        // 130-byte DSI: 3-byte descriptor header; DecoderConfig 13 + 133 = 146; ES 3 + 149 + 3 = 155.
        assertThat(Arrays.copyOfRange(esds, 4, 7)).isEqualTo(hex("03 811b"));
        assertThat(Arrays.copyOfRange(esds, 10, 13)).isEqualTo(hex("04 8112"));
        assertThat(Arrays.copyOfRange(esds, 26, 29)).isEqualTo(hex("05 8102"));
        assertThat(esds).hasSize(4 + 158).endsWith(hex("06 01 02"));
    }

    @Test
    void mp4aStatesChannelsAndSampleRate() {
        Mp4Boxes mp4a = moov(List.of(new TrackSpec(1, AAC, 48000))).find("trak/mdia/minf/stbl/stsd/mp4a");

        assertThat(Arrays.copyOfRange(mp4a.payload(), 0, 28)).isEqualTo(hex("000000000000 0001"
                + "0000 000000000000" // entry_version 0, reserved
                + "0002 0010 0000 0000" // 2 channels, 16 bits, pre_defined, reserved
                + "bb800000")); // 48000 << 16
        assertThat(mp4a.childTypes()).containsExactly("esds");
    }

    @Test
    void sampleRatesAbove65535HzUseAudioSampleEntryV1WithSrat() {
        AacConfig rate96k = new AacConfig(hex("1010"), 2, 96000, 2);
        Mp4Boxes stsd = moov(List.of(new TrackSpec(1, rate96k, 96000))).find("trak/mdia/minf/stbl/stsd");

        assertThat(stsd.payload()).startsWith(hex("01000000 00000001")); // stsd version 1
        Mp4Boxes mp4a = stsd.find("mp4a");
        assertThat(Arrays.copyOfRange(mp4a.payload(), 0, 28)).isEqualTo(hex("000000000000 0001"
                + "0001 000000000000" // entry_version 1
                + "0002 0010 0000 0000"
                + "bb800000")); // 96000 / 2, a divisor of the real rate that fits 16 bits
        assertThat(mp4a.childTypes()).containsExactly("esds", "srat");
        assertThat(mp4a.find("srat").bytes()).isEqualTo(hex("00000010" + fourCc("srat") + "00000000 00017700"));
    }

    @Test
    void samplerateFieldDividesRatesThatDoNotFit() {
        assertThat(SampleEntries.samplerateField(44100)).isEqualTo(44100);
        assertThat(SampleEntries.samplerateField(88200)).isEqualTo(44100);
        assertThat(SampleEntries.samplerateField(192000)).isEqualTo(64000);
        assertThat(SampleEntries.samplerateField(65537)).as("a prime: no divisor fits").isEqualTo(1);
    }

    @Test
    void invalidTrackListsAreRejected() {
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an initialization segment needs at least one track");
        assertThatThrownBy(() -> InitSegmentWriter.write(
                List.of(new TrackSpec(1, AVC, 90000), new TrackSpec(1, AAC, 48000)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track ID 1 is used by two tracks");
        AvcConfig huge = new AvcConfig(hex("01640028"), 100, 0, 40, 4, List.of(), List.of(), 70000, 240, 30);
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(new TrackSpec(1, huge, 90000)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 1: picture size 70000x240 does not fit a sample entry (1..65535 each)");
        assertThatThrownBy(() -> new TrackSpec(0, AVC, 90000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trackId must be >= 1, was 0");
        assertThatThrownBy(() -> new TrackSpec(1, AVC, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timescale must be >= 1, was 0");
    }
}
