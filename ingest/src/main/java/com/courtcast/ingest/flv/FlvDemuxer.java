package com.courtcast.ingest.flv;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.HevcConfig;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import io.netty.buffer.ByteBuf;

/**
 * Turns RTMP audio and video message bodies (FLV tag bodies, FLV spec 10.1 annex E) into the
 * media model, for one publish.
 *
 * <p>Video: legacy AVC (codec id 7) and the widespread non-standard HEVC id 12, and Enhanced RTMP
 * (Veovera v1/v2: the IsExHeader bit, a packet type and a FourCC) for {@code avc1}, {@code hvc1}
 * and {@code av01}. Audio: AAC (sound format 10) and Enhanced RTMP {@code mp4a}.
 *
 * <p>Frames are handed on as slices of the message body (no copy); configurations are copied
 * because they are small and outlive the message. Not thread-safe: one per publishing session.
 */
public final class FlvDemuxer {

    private static final int AVC_CODEC_ID = 7;
    private static final int HEVC_LEGACY_CODEC_ID = 12;
    private static final int AAC_SOUND_FORMAT = 10;
    private static final int EX_HEADER_SOUND_FORMAT = 9;
    private static final int FRAME_TYPE_KEY = 1;
    private static final int FRAME_TYPE_COMMAND = 5;

    private static final int PACKET_SEQUENCE_START = 0;
    private static final int PACKET_CODED_FRAMES = 1;
    private static final int PACKET_SEQUENCE_END = 2;
    private static final int PACKET_CODED_FRAMES_X = 3;
    private static final int PACKET_METADATA = 4;
    private static final int PACKET_MPEG2TS_SEQUENCE_START = 5;
    private static final int PACKET_MULTITRACK = 6;
    private static final int PACKET_MODEX = 7;

    private static final String[] LEGACY_VIDEO_CODECS = {
            "codec id 0", "JPEG (FLV codec id 1)", "Sorenson H.263 (FLV codec id 2)", "Screen video (FLV codec id 3)",
            "On2 VP6 (FLV codec id 4)", "On2 VP6 with alpha (FLV codec id 5)", "Screen video 2 (FLV codec id 6)"};
    private static final String[] SOUND_FORMATS = {
            "linear PCM", "ADPCM", "MP3", "linear PCM little endian", "Nellymoser 16 kHz", "Nellymoser 8 kHz",
            "Nellymoser", "G.711 A-law", "G.711 mu-law", "reserved format 9", "AAC", "Speex", "format 12",
            "format 13", "MP3 8 kHz", "device-specific sound"};
    private static final String SUPPORTED_VIDEO = "publish H.264, HEVC or AV1";

    private CodecConfig videoConfig;
    private AacConfig audioConfig;

    /**
     * @param timestampMillis the message's timestamp (DTS), already widened past 32 bits
     * @param body the tag body; not released here, frames hold their own slice of it
     */
    public DemuxResult demux(TrackType track, long timestampMillis, ByteBuf body) throws MediaFormatException {
        if (!body.isReadable()) {
            return new DemuxResult.Ignored("empty " + track.name().toLowerCase() + " message");
        }
        return track == TrackType.VIDEO ? demuxVideo(timestampMillis, body) : demuxAudio(timestampMillis, body);
    }

    // ---- video ----------------------------------------------------------------------------------

    private DemuxResult demuxVideo(long dts, ByteBuf body) throws MediaFormatException {
        int start = body.readerIndex();
        int first = body.getUnsignedByte(start);
        if ((first & 0x80) != 0) {
            return demuxEnhancedVideo(dts, body, first);
        }
        int frameType = first >>> 4;
        int codecId = first & 0x0F;
        if (codecId != AVC_CODEC_ID && codecId != HEVC_LEGACY_CODEC_ID) {
            String name = codecId < LEGACY_VIDEO_CODECS.length ? LEGACY_VIDEO_CODECS[codecId] : "FLV codec id " + codecId;
            return new DemuxResult.Unsupported("video codec " + name + " is not supported; " + SUPPORTED_VIDEO);
        }
        if (frameType == FRAME_TYPE_COMMAND) {
            return new DemuxResult.Ignored("video command frame");
        }
        require(body, 5, "AVC video tag header");
        int packetType = body.getUnsignedByte(start + 1);
        int compositionTime = signed24(body.getUnsignedMedium(start + 2));
        boolean hevc = codecId == HEVC_LEGACY_CODEC_ID;
        return switch (packetType) {
            case 0 -> videoConfig(hevc ? HevcConfig.parse(bytes(body, start + 5)) : AvcConfig.parse(bytes(body, start + 5)));
            case 1 -> videoFrame(dts, compositionTime, frameType == FRAME_TYPE_KEY, body, start + 5);
            case 2 -> new DemuxResult.Ignored("end of sequence");
            default -> throw new MediaFormatException("AVCPacketType " + packetType + " is reserved");
        };
    }

    private DemuxResult demuxEnhancedVideo(long dts, ByteBuf body, int first) throws MediaFormatException {
        int start = body.readerIndex();
        int frameType = (first >>> 4) & 0x07;
        int packetType = first & 0x0F;
        if (packetType == PACKET_MULTITRACK) {
            return new DemuxResult.Unsupported("Enhanced RTMP multitrack video is not supported; publish one video track");
        }
        if (packetType == PACKET_MODEX) {
            return new DemuxResult.Unsupported("Enhanced RTMP ModEx video packets are not supported");
        }
        require(body, 5, "Enhanced RTMP video header");
        String fourCc = fourCc(body, start + 1);
        if (frameType == FRAME_TYPE_COMMAND) {
            return new DemuxResult.Ignored("video command frame");
        }
        boolean known = fourCc.equals("avc1") || fourCc.equals("hvc1") || fourCc.equals("av01");
        if (!known) {
            return new DemuxResult.Unsupported("video codec '" + fourCc + "' is not supported; " + SUPPORTED_VIDEO);
        }
        int payload = start + 5;
        return switch (packetType) {
            case PACKET_SEQUENCE_START -> videoConfig(switch (fourCc) {
                case "avc1" -> AvcConfig.parse(bytes(body, payload));
                case "hvc1" -> HevcConfig.parse(bytes(body, payload));
                default -> Av1Config.parse(bytes(body, payload));
            });
            case PACKET_CODED_FRAMES -> {
                if (fourCc.equals("av01")) {
                    yield videoFrame(dts, 0, frameType == FRAME_TYPE_KEY, body, payload);
                }
                require(body, 8, "Enhanced RTMP composition time");
                yield videoFrame(dts, signed24(body.getUnsignedMedium(payload)), frameType == FRAME_TYPE_KEY,
                        body, payload + 3);
            }
            case PACKET_CODED_FRAMES_X -> videoFrame(dts, 0, frameType == FRAME_TYPE_KEY, body, payload);
            case PACKET_SEQUENCE_END -> new DemuxResult.Ignored("end of sequence");
            case PACKET_METADATA -> new DemuxResult.Ignored("video metadata (HDR colour information)");
            case PACKET_MPEG2TS_SEQUENCE_START -> new DemuxResult.Unsupported(
                    "AV1 in MPEG-2 TS framing is not supported; send an av1C sequence start");
            default -> throw new MediaFormatException("Enhanced RTMP video packet type " + packetType + " is reserved");
        };
    }

    private DemuxResult videoConfig(CodecConfig config) {
        videoConfig = config;
        return new DemuxResult.ConfigResult(config);
    }

    private DemuxResult videoFrame(long dts, int compositionTime, boolean keyframe, ByteBuf body, int offset) {
        if (videoConfig == null) {
            return new DemuxResult.Ignored("video frame before its sequence header");
        }
        int length = body.writerIndex() - offset;
        if (length <= 0) {
            return new DemuxResult.Ignored("empty video frame");
        }
        return new DemuxResult.FrameResult(new AccessUnit(TrackType.VIDEO, dts, compositionTime, keyframe,
                body.retainedSlice(offset, length)));
    }

    // ---- audio ----------------------------------------------------------------------------------

    private DemuxResult demuxAudio(long dts, ByteBuf body) throws MediaFormatException {
        int start = body.readerIndex();
        int soundFormat = body.getUnsignedByte(start) >>> 4;
        if (soundFormat == EX_HEADER_SOUND_FORMAT) {
            return demuxEnhancedAudio(dts, body);
        }
        if (soundFormat != AAC_SOUND_FORMAT) {
            return new DemuxResult.Unsupported("audio codec " + SOUND_FORMATS[soundFormat]
                    + " is not supported; publish AAC");
        }
        require(body, 2, "AAC audio tag header");
        int packetType = body.getUnsignedByte(start + 1);
        return switch (packetType) {
            case 0 -> audioConfig(AacConfig.parse(bytes(body, start + 2)));
            case 1 -> audioFrame(dts, body, start + 2);
            default -> throw new MediaFormatException("AACPacketType " + packetType + " is reserved");
        };
    }

    private DemuxResult demuxEnhancedAudio(long dts, ByteBuf body) throws MediaFormatException {
        int start = body.readerIndex();
        int packetType = body.getUnsignedByte(start) & 0x0F;
        require(body, 5, "Enhanced RTMP audio header");
        String fourCc = fourCc(body, start + 1);
        if (packetType == 5) {
            return new DemuxResult.Unsupported("Enhanced RTMP multitrack audio is not supported; publish one audio track");
        }
        if (!fourCc.equals("mp4a")) {
            return new DemuxResult.Unsupported("audio codec '" + fourCc + "' is not supported; publish AAC");
        }
        return switch (packetType) {
            case 0 -> audioConfig(AacConfig.parse(bytes(body, start + 5)));
            case 1 -> audioFrame(dts, body, start + 5);
            case 2 -> new DemuxResult.Ignored("end of audio sequence");
            default -> new DemuxResult.Unsupported("Enhanced RTMP audio packet type " + packetType + " is not supported");
        };
    }

    private DemuxResult audioConfig(AacConfig config) {
        audioConfig = config;
        return new DemuxResult.ConfigResult(config);
    }

    private DemuxResult audioFrame(long dts, ByteBuf body, int offset) {
        if (audioConfig == null) {
            return new DemuxResult.Ignored("audio frame before its sequence header");
        }
        int length = body.writerIndex() - offset;
        if (length <= 0) {
            return new DemuxResult.Ignored("empty audio frame");
        }
        // Every AAC frame decodes on its own: each is a sync sample.
        return new DemuxResult.FrameResult(new AccessUnit(TrackType.AUDIO, dts, 0, true,
                body.retainedSlice(offset, length)));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void require(ByteBuf body, int length, String what) throws MediaFormatException {
        if (body.readableBytes() < length) {
            throw new MediaFormatException(what + " needs " + length + " bytes, the message has "
                    + body.readableBytes());
        }
    }

    private static int signed24(int value) {
        return (value << 8) >> 8;
    }

    private static String fourCc(ByteBuf body, int at) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = body.getUnsignedByte(at + i);
            chars[i] = c >= 0x20 && c < 0x7F ? (char) c : '?';
        }
        return new String(chars);
    }

    private static byte[] bytes(ByteBuf body, int from) {
        byte[] bytes = new byte[Math.max(0, body.writerIndex() - from)];
        body.getBytes(from, bytes);
        return bytes;
    }
}
