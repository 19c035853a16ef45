package com.courtcast.ingest.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.HevcConfig;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import com.courtcast.ingest.flv.DemuxResult.ConfigResult;
import com.courtcast.ingest.flv.DemuxResult.FrameResult;
import com.courtcast.ingest.flv.DemuxResult.Ignored;
import com.courtcast.ingest.flv.DemuxResult.Unsupported;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Byte tables for every branch of the legacy FLV and Enhanced RTMP tag headers. Bodies are
 * released by the test after each call, so a result that kept the body without retaining it, or
 * retained it twice, shows up in the reference counts checked after every test.
 */
class FlvDemuxerTest {

    /** avcC written by FFmpeg + libx264 for 854x480@30 High (ffprobe: High, level 31). */
    static final String AVC_C = "0164001fffe1001a6764001facd940d83de6f0110000030001000003003c0f183196"
            + "01000668ebe3cb22c0fdf8f800";
    /** hvcC written by FFmpeg + libx265 for 1280x720@30 Main (ffprobe: Main, level 93). */
    static final String HVC_C = "0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff0160"
            + "00000300900000030000" + "03005d959809a10001002b42010101600000030090000003000003005da00280802d16"
            + "5959a4932bc05a0200000300020000" + "03003c10a2000100074401c172b46240";
    /** av1C written by FFmpeg + libaom for 1280x720 (ffprobe: Main, level 5). */
    static final String AV1_C = "81050c000a0b0000002d4cffb3ccaf9004";
    /** AudioSpecificConfig written by FFmpeg's AAC encoder for 48 kHz stereo LC. */
    static final String ASC = "119056e500";

    private final FlvDemuxer demuxer = new FlvDemuxer();
    private final List<ByteBuf> bodies = new ArrayList<>();
    private final List<AccessUnit> units = new ArrayList<>();

    @AfterEach
    void everyBufferIsReleasedExactlyOnce() {
        units.forEach(AccessUnit::release);
        for (ByteBuf body : bodies) {
            assertThat(body.refCnt()).as("body reference count after releasing body and units").isZero();
        }
    }

    private DemuxResult video(String hex) throws MediaFormatException {
        return demux(TrackType.VIDEO, 1000, hex);
    }

    private DemuxResult audio(String hex) throws MediaFormatException {
        return demux(TrackType.AUDIO, 1000, hex);
    }

    private DemuxResult demux(TrackType track, long timestamp, String hex) throws MediaFormatException {
        // A body that does not start at index 0, as a slice of a chunk-stream buffer would not.
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        ByteBuf body = Unpooled.buffer(bytes.length + 3).writeBytes(new byte[] {7, 7, 7}).writeBytes(bytes);
        body.readerIndex(3);
        bodies.add(body);
        int readerIndex = body.readerIndex();
        try {
            DemuxResult result = demuxer.demux(track, timestamp, body);
            if (result instanceof FrameResult frame) {
                units.add(frame.unit());
            }
            assertThat(body.readerIndex()).as("reader index").isEqualTo(readerIndex);
            return result;
        } finally {
            body.release();
        }
    }

    private static String fourCc(String fourCc) {
        return HexFormat.of().formatHex(fourCc.getBytes(StandardCharsets.US_ASCII));
    }

    private static AccessUnit frame(DemuxResult result) {
        assertThat(result).isInstanceOf(FrameResult.class);
        return ((FrameResult) result).unit();
    }

    private static String payloadHex(AccessUnit unit) {
        return ByteBufUtil.hexDump(unit.payload());
    }

    @Nested
    class LegacyVideo {

        @Test
        void avcSequenceHeaderYieldsTheParsedConfig() throws Exception {
            DemuxResult result = video("17 00 000000" + AVC_C);

            assertThat(result).isInstanceOf(ConfigResult.class);
            AvcConfig config = (AvcConfig) ((ConfigResult) result).config();
            assertThat(config.codecsString()).isEqualTo("avc1.64001F");
            assertThat(config.width()).isEqualTo(854);
            assertThat(config.height()).isEqualTo(480);
            assertThat(demuxer.videoConfig()).contains(config);
        }

        @Test
        void repeatedSequenceHeaderIsIgnoredAndAChangedOneReplacesIt() throws Exception {
            video("17 00 000000" + AVC_C);

            assertThat(video("17 00 000000" + AVC_C))
                    .isEqualTo(new Ignored("repeated H.264 sequence header, unchanged"));
            String otherLevel = AVC_C.substring(0, 6) + "28" + AVC_C.substring(8);
            assertThat(video("17 00 000000" + otherLevel)).isInstanceOf(ConfigResult.class);
        }

        @Test
        void keyframeIsAZeroCopySliceAfterTheHeader() throws Exception {
            video("17 00 000000" + AVC_C);
            ByteBuf body = Unpooled.wrappedBuffer(HexFormat.of().parseHex("1701000000000000020910"));

            AccessUnit unit = frame(demuxer.demux(TrackType.VIDEO, 40, body));

            assertThat(body.refCnt()).as("the slice retains the body").isEqualTo(2);
            body.setByte(10, 0xF0); // writes through: the payload shares the body's memory
            body.release();
            assertThat(unit.track()).isEqualTo(TrackType.VIDEO);
            assertThat(unit.keyframe()).isTrue();
            assertThat(unit.dtsMillis()).isEqualTo(40);
            assertThat(unit.compositionOffsetMillis()).isZero();
            assertThat(payloadHex(unit)).isEqualTo("0000000209f0");
            assertThat(unit.release()).isTrue();
            assertThat(body.refCnt()).isZero();
        }

        @Test
        void interFrameCarriesAPositiveCompositionTime() throws Exception {
            video("17 00 000000" + AVC_C);

            AccessUnit unit = frame(demux(TrackType.VIDEO, 1000, "27 01 000050 00000002 0930"));

            assertThat(unit.keyframe()).isFalse();
            assertThat(unit.compositionOffsetMillis()).isEqualTo(80);
            assertThat(unit.ptsMillis()).isEqualTo(1080);
        }

        @Test
        void compositionTimeIsSigned() throws Exception {
            video("17 00 000000" + AVC_C);

            AccessUnit unit = frame(demux(TrackType.VIDEO, 1000, "27 01 ffffc0 00000002 0930"));

            assertThat(unit.compositionOffsetMillis()).isEqualTo(-64);
            assertThat(unit.ptsMillis()).isEqualTo(936);
            assertThat(frame(video("27 01 800000 00000002 0930")).compositionOffsetMillis()).isEqualTo(-8388608);
        }

        @Test
        void endOfSequenceIsIgnored() throws Exception {
            video("17 00 000000" + AVC_C);
            assertThat(video("17 02 000000")).isEqualTo(new Ignored("H.264 end of sequence"));
        }

        @Test
        void frameBeforeSequenceHeaderIsIgnored() throws Exception {
            assertThat(video("17 01 000000 00000002 0910"))
                    .isEqualTo(new Ignored("H.264 frame before its sequence header"));
        }

        @Test
        void emptyFrameIsIgnored() throws Exception {
            video("17 00 000000" + AVC_C);
            assertThat(video("27 01 000000")).isEqualTo(new Ignored("empty H.264 frame"));
        }

        @Test
        void commandFrameAndEmptyMessageAreIgnored() throws Exception {
            assertThat(video("57 00")).isEqualTo(new Ignored("video info/command frame"));
            assertThat(video("")).isEqualTo(new Ignored("empty video message"));
        }

        @Test
        void codecId12IsHevcWithTheAvcLayout() throws Exception {
            DemuxResult config = video("1c 00 000000" + HVC_C);
            AccessUnit unit = frame(video("2c 01 000021 00000003 420101"));

            assertThat(((ConfigResult) config).config()).isInstanceOf(HevcConfig.class);
            assertThat(unit.compositionOffsetMillis()).isEqualTo(33);
            assertThat(payloadHex(unit)).isEqualTo("00000003420101");
        }

        @Test
        void otherCodecsAreUnsupportedByName() throws Exception {
            assertThat(video("22 00"))
                    .isEqualTo(new Unsupported("video codec Sorenson H.263 (FLV codec id 2) is not supported; "
                            + "publish H.264, HEVC or AV1"));
            assertThat(video("14 00")).isEqualTo(new Unsupported(
                    "video codec On2 VP6 (FLV codec id 4) is not supported; publish H.264, HEVC or AV1"));
            assertThat(video("1d 00")).isEqualTo(new Unsupported(
                    "video codec unknown (FLV codec id 13) is not supported; publish H.264, HEVC or AV1"));
        }

        @Test
        void truncatedHeaderNamesWhatIsMissing() {
            assertThatThrownBy(() -> video("17 01 00"))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessage("FLV video message: truncated reading AVC packet header (4 bytes needed, 2 left)");
            assertThatThrownBy(() -> video("17"))
                    .hasMessage("FLV video message: truncated reading AVC packet header (4 bytes needed, 0 left)");
        }

        @Test
        void undefinedPacketTypeIsMalformed() {
            assertThatThrownBy(() -> video("17 03 000000"))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessage("FLV video message: AVCPacketType 3 is not defined");
        }

        @Test
        void badConfigRecordIsMalformed() {
            assertThatThrownBy(() -> video("17 00 000000 01640028"))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessage("H.264 avcC: truncated reading reserved");
        }

        @Test
        void emptySequenceHeaderIsIgnored() throws Exception {
            assertThat(video("17 00 000000")).isEqualTo(new Ignored("empty H.264 sequence header"));
            assertThat(demuxer.videoConfig()).isEmpty();
        }
    }

    @Nested
    class EnhancedVideo {

        @Test
        void hevcSequenceStartAndCodedFrames() throws Exception {
            DemuxResult config = video("90" + fourCc("hvc1") + HVC_C);
            AccessUnit key = frame(video("91" + fourCc("hvc1") + "000042 00000003 260101"));
            AccessUnit inter = frame(video("a1" + fourCc("hvc1") + "fffffe 00000003 020101"));

            HevcConfig hevc = (HevcConfig) ((ConfigResult) config).config();
            assertThat(hevc.codecsString()).isEqualTo("hvc1.1.6.L93.90");
            assertThat(key.keyframe()).isTrue();
            assertThat(key.compositionOffsetMillis()).isEqualTo(66);
            assertThat(payloadHex(key)).isEqualTo("00000003260101");
            assertThat(inter.keyframe()).isFalse();
            assertThat(inter.compositionOffsetMillis()).isEqualTo(-2);
        }

        @Test
        void codedFramesXHaveNoCompositionTime() throws Exception {
            video("90" + fourCc("hvc1") + HVC_C);

            AccessUnit unit = frame(video("a3" + fourCc("hvc1") + "00000003 020101"));

            assertThat(unit.compositionOffsetMillis()).isZero();
            assertThat(payloadHex(unit)).isEqualTo("00000003020101");
        }

        @Test
        void av1CodedFramesHaveNoCompositionTime() throws Exception {
            DemuxResult config = video("90" + fourCc("av01") + AV1_C);
            AccessUnit unit = frame(video("91" + fourCc("av01") + "12 00 0a0b"));

            Av1Config av1 = (Av1Config) ((ConfigResult) config).config();
            assertThat(av1.codecsString()).isEqualTo("av01.0.05M.08");
            assertThat(av1.width()).isEqualTo(1280);
            assertThat(unit.keyframe()).isTrue();
            assertThat(unit.compositionOffsetMillis()).isZero();
            assertThat(payloadHex(unit)).isEqualTo("12000a0b");
        }

        @Test
        void avcCanUseTheExtendedHeaderToo() throws Exception {
            DemuxResult config = video("90" + fourCc("avc1") + AVC_C);
            AccessUnit unit = frame(video("a1" + fourCc("avc1") + "000028 00000002 0930"));

            assertThat(((ConfigResult) config).config()).isInstanceOf(AvcConfig.class);
            assertThat(unit.compositionOffsetMillis()).isEqualTo(40);
            assertThat(payloadHex(unit)).isEqualTo("000000020930");
        }

        @Test
        void sequenceEndMetadataAndCommandsAreIgnored() throws Exception {
            video("90" + fourCc("hvc1") + HVC_C);

            assertThat(video("92" + fourCc("hvc1"))).isEqualTo(new Ignored("HEVC end of sequence"));
            assertThat(video("94" + fourCc("hvc1") + "02000963 6f6c6f72496e666f 03 000009"))
                    .isEqualTo(new Ignored("Enhanced RTMP video metadata (colorInfo) is not used"));
            // frame type 5 with Metadata is still metadata (the frame type is ignored)
            assertThat(video("d4" + fourCc("hvc1") + "05"))
                    .isEqualTo(new Ignored("Enhanced RTMP video metadata (colorInfo) is not used"));
            // a command frame carries a command byte and no FourCC
            assertThat(video("d1 00")).isEqualTo(new Ignored("video command frame"));
        }

        @Test
        void frameOfAnotherCodecThanTheConfigIsIgnored() throws Exception {
            video("17 00 000000" + AVC_C);

            assertThat(video("91" + fourCc("hvc1") + "000000 00000003 260101"))
                    .isEqualTo(new Ignored("HEVC frame before its sequence header"));
        }

        @Test
        void modExTimestampOffsetIsSkipped() throws Exception {
            video("90" + fourCc("hvc1") + HVC_C);

            // ModEx: size 3 (UI8 2), 3 bytes of nanosecond offset, then type 0 + CodedFrames.
            AccessUnit unit = frame(video("97 02 0f4240 01" + fourCc("hvc1") + "000010 00000003 260101"));

            assertThat(unit.compositionOffsetMillis()).isEqualTo(16);
            assertThat(payloadHex(unit)).isEqualTo("00000003260101");
        }

        @Test
        void modExWithSixteenBitSizeIsSkipped() throws Exception {
            video("90" + fourCc("hvc1") + HVC_C);

            String data = "00".repeat(300);
            AccessUnit unit = frame(video("97 ff 012b" + data + "03" + fourCc("hvc1") + "00000003 260101"));

            assertThat(payloadHex(unit)).isEqualTo("00000003260101");
        }

        @Test
        void unknownModExTypeIsUnsupported() throws Exception {
            assertThat(video("97 00 00 11" + fourCc("hvc1")))
                    .isEqualTo(new Unsupported("Enhanced RTMP video ModEx type 1 is not supported"));
        }

        @Test
        void multitrackAndTsSequenceStartAreUnsupported() throws Exception {
            assertThat(video("96 00" + fourCc("hvc1") + "00" + HVC_C)).isEqualTo(new Unsupported(
                    "Enhanced RTMP multitrack video is not supported; publish a single video track"));
            assertThat(video("95" + fourCc("av01") + "80")).isEqualTo(new Unsupported(
                    "Enhanced RTMP MPEG2TSSequenceStart is not supported; send the av01 configuration record "
                            + "in a SequenceStart"));
        }

        @Test
        void otherFourCcsAreUnsupportedByName() throws Exception {
            assertThat(video("90" + fourCc("vp09") + "01000000")).isEqualTo(new Unsupported(
                    "video codec VP9 (FourCC vp09) is not supported; publish H.264, HEVC or AV1"));
            assertThat(video("91" + fourCc("vp08"))).isEqualTo(new Unsupported(
                    "video codec VP8 (FourCC vp08) is not supported; publish H.264, HEVC or AV1"));
            assertThat(video("90 00ff1020")).isEqualTo(new Unsupported(
                    "video codec unknown (FourCC 0x00ff1020) is not supported; publish H.264, HEVC or AV1"));
        }

        @Test
        void truncatedHeadersNameWhatIsMissing() {
            assertThatThrownBy(() -> video("91 6876"))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessage("FLV video message: truncated reading video FourCC (4 bytes needed, 2 left)");
            assertThatThrownBy(() -> video("91" + fourCc("hvc1") + "00"))
                    .hasMessage("FLV video message: truncated reading CompositionTime (3 bytes needed, 1 left)");
            assertThatThrownBy(() -> video("97 05 0000"))
                    .hasMessage("FLV video message: truncated reading ModEx data (6 bytes needed, 2 left)");
            assertThatThrownBy(() -> video("97 ff 01"))
                    .hasMessage("FLV video message: truncated reading ModEx data size (16-bit) "
                            + "(2 bytes needed, 1 left)");
        }

        @Test
        void reservedPacketTypeIsMalformed() {
            assertThatThrownBy(() -> video("98" + fourCc("hvc1")))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessage("FLV video message: Enhanced RTMP video packet type 8 is reserved");
        }

        @Test
        void emptySequenceStartIsIgnored() throws Exception {
            // Regression: FFmpeg 8 + libaom writes an empty av01 SequenceStart before the real one.
            assertThat(video("90" + fourCc("av01"))).isEqualTo(new Ignored("empty AV1 sequence header"));
            assertThat(video("90" + fourCc("av01") + AV1_C)).isInstanceOf(ConfigResult.class);
        }

        @Test
        void badConfigRecordIsMalformed() {
            assertThatThrownBy(() -> video("90" + fourCc("av01") + "81050c00"))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessageContaining("AV1 av1C: configOBUs carry no sequence header OBU");
        }
    }

    @Nested
    class Audio {

        @Test
        void aacSequenceHeaderAndRawFrames() throws Exception {
            DemuxResult config = audio("af 00" + ASC);
            AccessUnit unit = frame(demux(TrackType.AUDIO, 1023, "af 01 21100450"));

            AacConfig aac = (AacConfig) ((ConfigResult) config).config();
            assertThat(aac.sampleRate()).isEqualTo(48000);
            assertThat(aac.channelCount()).isEqualTo(2);
            assertThat(demuxer.audioConfig()).contains(aac);
            assertThat(unit.track()).isEqualTo(TrackType.AUDIO);
            assertThat(unit.keyframe()).isTrue();
            assertThat(unit.dtsMillis()).isEqualTo(1023);
            assertThat(unit.compositionOffsetMillis()).isZero();
            assertThat(payloadHex(unit)).isEqualTo("21100450");
        }

        @Test
        void emptySequenceHeaderIsIgnored() throws Exception {
            assertThat(audio("af 00")).isEqualTo(new Ignored("empty AAC sequence header"));
        }

        @Test
        void repeatedSequenceHeaderIsIgnored() throws Exception {
            audio("af 00" + ASC);
            assertThat(audio("af 00" + ASC)).isEqualTo(new Ignored("repeated AAC sequence header, unchanged"));
        }

        @Test
        void frameBeforeSequenceHeaderAndEmptyMessagesAreIgnored() throws Exception {
            assertThat(audio("af 01 2110")).isEqualTo(new Ignored("AAC frame before its sequence header"));
            assertThat(audio("")).isEqualTo(new Ignored("empty audio message"));
            audio("af 00" + ASC);
            assertThat(audio("af 01")).isEqualTo(new Ignored("empty AAC frame"));
        }

        @Test
        void otherSoundFormatsAreUnsupportedByName() throws Exception {
            assertThat(audio("2f fff3")).isEqualTo(
                    new Unsupported("audio codec MP3 (FLV sound format 2) is not supported; publish AAC"));
            assertThat(audio("b6 00")).isEqualTo(
                    new Unsupported("audio codec Speex (FLV sound format 11) is not supported; publish AAC"));
            assertThat(audio("d6 00")).isEqualTo(
                    new Unsupported("audio codec reserved (FLV sound format 13) is not supported; publish AAC"));
        }

        @Test
        void enhancedAudioWithMp4aIsAac() throws Exception {
            DemuxResult config = audio("90" + fourCc("mp4a") + ASC);
            AccessUnit unit = frame(audio("91" + fourCc("mp4a") + "21100450"));

            assertThat(((ConfigResult) config).config()).isInstanceOf(AacConfig.class);
            assertThat(payloadHex(unit)).isEqualTo("21100450");
            assertThat(audio("92" + fourCc("mp4a"))).isEqualTo(new Ignored("AAC end of sequence"));
            assertThat(audio("94" + fourCc("mp4a") + "00 02"))
                    .isEqualTo(new Ignored("multichannel config (AAC describes its own channels)"));
            // ModEx (nanosecond offset) ahead of coded frames
            assertThat(audio("97 02 000001 01" + fourCc("mp4a") + "2110")).isInstanceOf(FrameResult.class);
        }

        @Test
        void otherEnhancedAudioIsUnsupported() throws Exception {
            assertThat(audio("90" + fourCc("Opus") + "4f707573")).isEqualTo(
                    new Unsupported("audio codec Opus (FourCC Opus) is not supported; publish AAC"));
            assertThat(audio("91" + fourCc("fLaC"))).isEqualTo(
                    new Unsupported("audio codec FLAC (FourCC fLaC) is not supported; publish AAC"));
            assertThat(audio("95 00" + fourCc("mp4a"))).isEqualTo(new Unsupported(
                    "Enhanced RTMP multitrack audio is not supported; publish a single audio track"));
        }

        @Test
        void malformedAudioNamesWhatIsWrong() {
            assertThatThrownBy(() -> audio("af"))
                    .isInstanceOf(MediaFormatException.class)
                    .hasMessage("FLV audio message: truncated reading AACPacketType (1 byte needed, 0 left)");
            assertThatThrownBy(() -> audio("af 02"))
                    .hasMessage("FLV audio message: AACPacketType 2 is not defined");
            assertThatThrownBy(() -> audio("93" + fourCc("mp4a")))
                    .hasMessage("FLV audio message: Enhanced RTMP audio packet type 3 is reserved");
            assertThatThrownBy(() -> audio("90 6d70"))
                    .hasMessage("FLV audio message: truncated reading audio FourCC (4 bytes needed, 2 left)");
            assertThatThrownBy(() -> audio("af 00 11"))
                    .hasMessage("AAC AudioSpecificConfig: truncated reading samplingFrequencyIndex");
            assertThatThrownBy(() -> audio("90" + fourCc("mp4a") + "11"))
                    .hasMessage("AAC AudioSpecificConfig: truncated reading samplingFrequencyIndex");
        }
    }
}
