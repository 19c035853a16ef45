package com.courtcast.ingest.flv;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.Codec;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.HevcConfig;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.ingest.flv.DemuxResult.ConfigResult;
import com.courtcast.ingest.flv.DemuxResult.FrameResult;
import com.courtcast.ingest.flv.DemuxResult.Ignored;
import com.courtcast.ingest.flv.DemuxResult.Unsupported;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the bodies of RTMP audio (type 8) and video (type 9) messages, which are FLV tag bodies,
 * into codec configurations and access units.
 *
 * <p>Understands the legacy FLV tag headers (FLV spec v10.1 E.4.2 and E.4.3: AVC and AAC, plus
 * the non-standard codec id 12 for HEVC some encoders use) and Enhanced RTMP v2 (Veovera): the
 * ExVideoTagHeader with FourCC {@code avc1}, {@code hvc1} or {@code av01}, the ExAudioTagHeader with
 * {@code mp4a}, and ModEx packets (the sub-millisecond timestamp offset is dropped, the pipeline
 * runs on milliseconds). Multitrack messages, MPEG-2 TS sequence starts and other codecs are
 * reported as {@link Unsupported} with a message for the publisher.
 *
 * <p>Ownership: the body stays the caller's; its reader index is not moved. A {@link FrameResult}
 * holds a zero-copy {@link ByteBuf#retainedSlice retained slice} of it, owned by the result's
 * receiver. Configuration records are copied out, as they are small and outlive the message.
 *
 * <p>One demuxer per publish session: it remembers the current configuration of each track, drops
 * frames that arrive before their track's sequence header, and reports a repeated identical
 * sequence header as {@link Ignored}. Not thread-safe.
 */
public final class FlvDemuxer {

    private static final int FRAME_TYPE_KEY = 1;
    private static final int FRAME_TYPE_COMMAND = 5;

    private static final int LEGACY_CODEC_AVC = 7;
    private static final int LEGACY_CODEC_HEVC = 12;
    private static final int AVC_SEQUENCE_HEADER = 0;
    private static final int AVC_NALU = 1;
    private static final int AVC_END_OF_SEQUENCE = 2;
    /** Legacy AVC/HEVC header: frame type + codec id, AVCPacketType, SI24 CompositionTime. */
    private static final int LEGACY_VIDEO_HEADER = 5;

    private static final int VIDEO_SEQUENCE_START = 0;
    private static final int VIDEO_CODED_FRAMES = 1;
    private static final int VIDEO_SEQUENCE_END = 2;
    private static final int VIDEO_CODED_FRAMES_X = 3;
    private static final int VIDEO_METADATA = 4;
    private static final int VIDEO_MPEG2TS_SEQUENCE_START = 5;
    private static final int VIDEO_MULTITRACK = 6;
    private static final int PACKET_MOD_EX = 7;
    private static final int MOD_EX_TIMESTAMP_OFFSET_NANO = 0;

    private static final int SOUND_FORMAT_EX_HEADER = 9;
    private static final int SOUND_FORMAT_AAC = 10;
    private static final int AAC_SEQUENCE_HEADER = 0;
    private static final int AAC_RAW = 1;
    private static final int AUDIO_SEQUENCE_START = 0;
    private static final int AUDIO_CODED_FRAMES = 1;
    private static final int AUDIO_SEQUENCE_END = 2;
    private static final int AUDIO_MULTICHANNEL_CONFIG = 4;
    private static final int AUDIO_MULTITRACK = 5;

    private static final String PUBLISH_VIDEO = "publish H.264, HEVC or AV1";
    private static final String PUBLISH_AUDIO = "publish AAC";

    private VideoConfig videoConfig;
    private AacConfig audioConfig;

    /**
     * Demuxes one message body.
     *
     * @param track {@link TrackType#VIDEO} for RTMP message type 9, {@link TrackType#AUDIO} for type 8
     * @param timestampMillis the message timestamp, used as the access unit's decode time
     * @param body the message body, left untouched and still owned by the caller
     * @throws MediaFormatException if the body is malformed: too short for its header, or a
     *     configuration record that does not parse; the message names what was being read
     */
    public DemuxResult demux(TrackType track, long timestampMillis, ByteBuf body) throws MediaFormatException {
        return switch (track) {
            case VIDEO -> demuxVideo(timestampMillis, new Cursor("FLV video message", body));
            case AUDIO -> demuxAudio(timestampMillis, new Cursor("FLV audio message", body));
        };
    }

    /** The configuration of the video track, once its sequence header has arrived. */
    public Optional<VideoConfig> videoConfig() {
        return Optional.ofNullable(videoConfig);
    }

    /** The configuration of the audio track, once its sequence header has arrived. */
    public Optional<AacConfig> audioConfig() {
        return Optional.ofNullable(audioConfig);
    }

    private DemuxResult demuxVideo(long timestamp, Cursor in) throws MediaFormatException {
        if (in.remaining() == 0) {
            return new Ignored("empty video message");
        }
        int first = in.u8("frame type/codec id");
        if ((first & 0x80) != 0) {
            return demuxEnhancedVideo(timestamp, (first >>> 4) & 0x07, first & 0x0F, in);
        }
        int frameType = first >>> 4;
        int codecId = first & 0x0F;
        if (frameType == FRAME_TYPE_COMMAND) {
            return new Ignored("video info/command frame");
        }
        Codec codec = switch (codecId) {
            case LEGACY_CODEC_AVC -> Codec.H264;
            case LEGACY_CODEC_HEVC -> Codec.HEVC;
            default -> null;
        };
        if (codec == null) {
            return new Unsupported("video codec " + legacyVideoCodecName(codecId) + " (FLV codec id " + codecId
                    + ") is not supported; " + PUBLISH_VIDEO);
        }
        in.require(LEGACY_VIDEO_HEADER - 1, codec == Codec.H264 ? "AVC packet header" : "HEVC packet header");
        int packetType = in.u8("AVCPacketType");
        int compositionTime = in.si24("CompositionTime");
        return switch (packetType) {
            case AVC_SEQUENCE_HEADER -> videoConfig(codec, in);
            case AVC_NALU -> videoFrame(codec, timestamp, compositionTime, frameType == FRAME_TYPE_KEY, in);
            case AVC_END_OF_SEQUENCE -> new Ignored(name(codec) + " end of sequence");
            default -> throw in.error("AVCPacketType " + packetType + " is not defined");
        };
    }

    private DemuxResult demuxEnhancedVideo(long timestamp, int frameType, int packetType, Cursor in)
            throws MediaFormatException {
        PacketType resolved = skipModEx(packetType, in);
        if (resolved.unknownModExType() >= 0) {
            return new Unsupported("Enhanced RTMP video ModEx type " + resolved.unknownModExType()
                    + " is not supported");
        }
        packetType = resolved.value();
        if (frameType == FRAME_TYPE_COMMAND && packetType != VIDEO_METADATA) {
            return new Ignored("video command frame");
        }
        if (packetType == VIDEO_MULTITRACK) {
            return new Unsupported("Enhanced RTMP multitrack video is not supported; publish a single video track");
        }
        String fourCc = in.fourCc("video FourCC");
        Codec codec = switch (fourCc) {
            case "avc1" -> Codec.H264;
            case "hvc1" -> Codec.HEVC;
            case "av01" -> Codec.AV1;
            default -> null;
        };
        if (codec == null) {
            return new Unsupported("video codec " + enhancedVideoCodecName(fourCc) + " (FourCC " + printable(fourCc)
                    + ") is not supported; " + PUBLISH_VIDEO);
        }
        return switch (packetType) {
            case VIDEO_SEQUENCE_START -> videoConfig(codec, in);
            case VIDEO_CODED_FRAMES -> {
                // Enhanced RTMP gives av01 no CompositionTime: AV1 temporal units are shown in decode order.
                int compositionTime = codec == Codec.AV1 ? 0 : in.si24("CompositionTime");
                yield videoFrame(codec, timestamp, compositionTime, frameType == FRAME_TYPE_KEY, in);
            }
            case VIDEO_CODED_FRAMES_X -> videoFrame(codec, timestamp, 0, frameType == FRAME_TYPE_KEY, in);
            case VIDEO_SEQUENCE_END -> new Ignored(name(codec) + " end of sequence");
            case VIDEO_METADATA -> new Ignored("Enhanced RTMP video metadata (colorInfo) is not used");
            case VIDEO_MPEG2TS_SEQUENCE_START -> new Unsupported(
                    "Enhanced RTMP MPEG2TSSequenceStart is not supported; send the " + fourCc
                            + " configuration record in a SequenceStart");
            default -> throw in.error("Enhanced RTMP video packet type " + packetType + " is reserved");
        };
    }

    private DemuxResult demuxAudio(long timestamp, Cursor in) throws MediaFormatException {
        if (in.remaining() == 0) {
            return new Ignored("empty audio message");
        }
        int first = in.u8("sound format");
        int soundFormat = first >>> 4;
        if (soundFormat == SOUND_FORMAT_EX_HEADER) {
            return demuxEnhancedAudio(timestamp, first & 0x0F, in);
        }
        if (soundFormat != SOUND_FORMAT_AAC) {
            return new Unsupported("audio codec " + legacyAudioCodecName(soundFormat) + " (FLV sound format "
                    + soundFormat + ") is not supported; " + PUBLISH_AUDIO);
        }
        int packetType = in.u8("AACPacketType");
        return switch (packetType) {
            case AAC_SEQUENCE_HEADER -> audioConfig(in);
            case AAC_RAW -> audioFrame(timestamp, in);
            default -> throw in.error("AACPacketType " + packetType + " is not defined");
        };
    }

    private DemuxResult demuxEnhancedAudio(long timestamp, int packetType, Cursor in) throws MediaFormatException {
        PacketType resolved = skipModEx(packetType, in);
        if (resolved.unknownModExType() >= 0) {
            return new Unsupported("Enhanced RTMP audio ModEx type " + resolved.unknownModExType()
                    + " is not supported");
        }
        packetType = resolved.value();
        if (packetType == AUDIO_MULTITRACK) {
            return new Unsupported("Enhanced RTMP multitrack audio is not supported; publish a single audio track");
        }
        String fourCc = in.fourCc("audio FourCC");
        if (!fourCc.equals(Codec.AAC.fourCc())) {
            return new Unsupported("audio codec " + enhancedAudioCodecName(fourCc) + " (FourCC " + printable(fourCc)
                    + ") is not supported; " + PUBLISH_AUDIO);
        }
        return switch (packetType) {
            case AUDIO_SEQUENCE_START -> audioConfig(in);
            case AUDIO_CODED_FRAMES -> audioFrame(timestamp, in);
            case AUDIO_SEQUENCE_END -> new Ignored("AAC end of sequence");
            case AUDIO_MULTICHANNEL_CONFIG -> new Ignored("multichannel config (AAC describes its own channels)");
            default -> throw in.error("Enhanced RTMP audio packet type " + packetType + " is reserved");
        };
    }

    /** A packet type after its ModEx prefixes, or the first ModEx type not understood (else -1). */
    private record PacketType(int value, int unknownModExType) {}

    /**
     * Walks ModEx prefixes (Enhanced RTMP v2): each carries a size, its data, then a 4-bit ModEx
     * type and the next packet type. TimestampOffsetNano only refines the timestamp below one
     * millisecond, which the millisecond pipeline cannot use, so it is skipped.
     */
    private static PacketType skipModEx(int packetType, Cursor in) throws MediaFormatException {
        while (packetType == PACKET_MOD_EX) {
            int size = in.u8("ModEx data size") + 1;
            if (size == 256) {
                size = in.u16("ModEx data size (16-bit)") + 1;
            }
            in.skip(size, "ModEx data");
            int next = in.u8("ModEx type/packet type");
            int modExType = next >>> 4;
            packetType = next & 0x0F;
            if (modExType != MOD_EX_TIMESTAMP_OFFSET_NANO) {
                return new PacketType(packetType, modExType);
            }
        }
        return new PacketType(packetType, -1);
    }

    private DemuxResult videoConfig(Codec codec, Cursor in) throws MediaFormatException {
        if (in.remaining() == 0) {
            // FFmpeg's FLV muxer writes an empty sequence start when the encoder has no
            // configuration yet (libaom), and the real one once it has.
            return new Ignored("empty " + name(codec) + " sequence header");
        }
        byte[] record = in.remainingBytes();
        VideoConfig config = switch (codec) {
            case H264 -> AvcConfig.parse(record);
            case HEVC -> HevcConfig.parse(record);
            case AV1 -> Av1Config.parse(record);
            case AAC -> throw new IllegalArgumentException("AAC is not a video codec");
        };
        if (config.equals(videoConfig)) {
            return repeated(config);
        }
        videoConfig = config;
        return new ConfigResult(config);
    }

    private DemuxResult audioConfig(Cursor in) throws MediaFormatException {
        if (in.remaining() == 0) {
            return new Ignored("empty AAC sequence header");
        }
        AacConfig config = AacConfig.parse(in.remainingBytes());
        if (config.equals(audioConfig)) {
            return repeated(config);
        }
        audioConfig = config;
        return new ConfigResult(config);
    }

    private static Ignored repeated(CodecConfig config) {
        return new Ignored("repeated " + name(config.codec()) + " sequence header, unchanged");
    }

    private DemuxResult videoFrame(Codec codec, long timestamp, int compositionTime, boolean keyframe, Cursor in) {
        if (videoConfig == null || videoConfig.codec() != codec) {
            return new Ignored(name(codec) + " frame before its sequence header");
        }
        if (in.remaining() == 0) {
            return new Ignored("empty " + name(codec) + " frame");
        }
        return new FrameResult(new AccessUnit(TrackType.VIDEO, timestamp, compositionTime, keyframe,
                in.retainedSliceOfRest()));
    }

    private DemuxResult audioFrame(long timestamp, Cursor in) {
        if (audioConfig == null) {
            return new Ignored("AAC frame before its sequence header");
        }
        if (in.remaining() == 0) {
            return new Ignored("empty AAC frame");
        }
        // Every AAC frame decodes on its own: all are sync samples.
        return new FrameResult(new AccessUnit(TrackType.AUDIO, timestamp, 0, true, in.retainedSliceOfRest()));
    }

    private static String name(Codec codec) {
        return switch (codec) {
            case H264 -> "H.264";
            case HEVC -> "HEVC";
            case AV1 -> "AV1";
            case AAC -> "AAC";
        };
    }

    private static String legacyVideoCodecName(int codecId) {
        return switch (codecId) {
            case 1 -> "JPEG";
            case 2 -> "Sorenson H.263";
            case 3 -> "Screen video";
            case 4 -> "On2 VP6";
            case 5 -> "On2 VP6 with alpha channel";
            case 6 -> "Screen video version 2";
            default -> "unknown";
        };
    }

    private static String enhancedVideoCodecName(String fourCc) {
        return switch (fourCc) {
            case "vp08" -> "VP8";
            case "vp09" -> "VP9";
            case "vvc1", "vvi1" -> "VVC";
            default -> "unknown";
        };
    }

    private static String legacyAudioCodecName(int soundFormat) {
        return switch (soundFormat) {
            case 0 -> "Linear PCM, platform endian";
            case 1 -> "ADPCM";
            case 2 -> "MP3";
            case 3 -> "Linear PCM, little endian";
            case 4 -> "Nellymoser 16 kHz mono";
            case 5 -> "Nellymoser 8 kHz mono";
            case 6 -> "Nellymoser";
            case 7 -> "G.711 A-law";
            case 8 -> "G.711 mu-law";
            case 11 -> "Speex";
            case 14 -> "MP3 8 kHz";
            case 15 -> "device-specific sound";
            default -> "reserved";
        };
    }

    private static String enhancedAudioCodecName(String fourCc) {
        return switch (fourCc) {
            case "Opus" -> "Opus";
            case "fLaC" -> "FLAC";
            case "ac-3" -> "AC-3";
            case "ec-3" -> "E-AC-3";
            case ".mp3" -> "MP3";
            default -> "unknown";
        };
    }

    /** A FourCC as text when it is printable ASCII, else as hex, for messages. */
    private static String printable(String fourCc) {
        for (int i = 0; i < fourCc.length(); i++) {
            char c = fourCc.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                StringBuilder hex = new StringBuilder("0x");
                for (int j = 0; j < fourCc.length(); j++) {
                    hex.append(String.format("%02x", (int) fourCc.charAt(j)));
                }
                return hex.toString();
            }
        }
        return fourCc;
    }

    /** Reads a message body by absolute index, so the caller's reader index never moves. */
    private static final class Cursor {
        private final String what;
        private final ByteBuf body;
        private final int end;
        private int index;

        Cursor(String what, ByteBuf body) {
            this.what = what;
            this.body = body;
            this.index = body.readerIndex();
            this.end = body.writerIndex();
        }

        int remaining() {
            return end - index;
        }

        void require(int bytes, String field) throws MediaFormatException {
            if (remaining() < bytes) {
                throw error("truncated reading " + field + " (" + bytes + " byte" + (bytes == 1 ? "" : "s")
                        + " needed, " + remaining() + " left)");
            }
        }

        int u8(String field) throws MediaFormatException {
            require(1, field);
            return body.getUnsignedByte(index++);
        }

        int u16(String field) throws MediaFormatException {
            require(2, field);
            int value = body.getUnsignedShort(index);
            index += 2;
            return value;
        }

        /** SI24: a signed big-endian 24-bit integer (composition times can be negative). */
        int si24(String field) throws MediaFormatException {
            require(3, field);
            int value = body.getMedium(index);
            index += 3;
            return value;
        }

        String fourCc(String field) throws MediaFormatException {
            require(4, field);
            String value = body.toString(index, 4, StandardCharsets.ISO_8859_1);
            index += 4;
            return value;
        }

        void skip(int bytes, String field) throws MediaFormatException {
            require(bytes, field);
            index += bytes;
        }

        byte[] remainingBytes() {
            byte[] bytes = new byte[remaining()];
            body.getBytes(index, bytes);
            index = end;
            return bytes;
        }

        ByteBuf retainedSliceOfRest() {
            ByteBuf slice = body.retainedSlice(index, remaining());
            index = end;
            return slice;
        }

        MediaFormatException error(String message) {
            return new MediaFormatException(what + ": " + message);
        }
    }
}
