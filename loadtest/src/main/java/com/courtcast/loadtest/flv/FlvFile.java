package com.courtcast.loadtest.flv;

import com.courtcast.common.media.TrackType;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfException;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An FLV file (Adobe FLV spec, annex E) read whole into memory and split into tags, for replay by
 * many publishers at once.
 *
 * <p>Design: the file is one buffer and every tag body is a slice of it, so any number of
 * publishers send the same bytes without copying them. The tags are sorted into what a publisher
 * sends once at the start (the {@code onMetaData} values and the codec configurations) and the
 * frames it replays, in a loop, afterwards. The AVC end-of-sequence tag FFmpeg writes last is
 * left out, as it would end the stream in the middle of a loop.
 */
public final class FlvFile {

    private static final int FILE_HEADER_MIN = 9;
    private static final int TAG_HEADER = 11;
    private static final int PREVIOUS_TAG_SIZE = 4;
    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;
    private static final int TAG_SCRIPT = 18;
    private static final int SOUND_FORMAT_AAC = 10;
    private static final int CODEC_AVC = 7;
    private static final int CODEC_HEVC_LEGACY = 12;
    private static final int FRAME_TYPE_KEY = 1;
    private static final int FRAME_TYPE_COMMAND = 5;
    private static final int PACKET_SEQUENCE_HEADER = 0;
    private static final int PACKET_END_OF_SEQUENCE = 2;
    private static final int ENHANCED_RTMP_FLAG = 0x80;

    private final List<Object> metadata;
    private final List<FlvTag> configTags;
    private final List<FlvTag> frames;
    private final long loopDurationMillis;
    private final long keyframeIntervalMillis;

    private FlvFile(List<Object> metadata, List<FlvTag> configTags, List<FlvTag> frames) {
        this.metadata = metadata;
        this.configTags = configTags;
        this.frames = frames;
        this.loopDurationMillis = loopDuration(frames);
        this.keyframeIntervalMillis = keyframeInterval(frames, loopDurationMillis);
    }

    /** Reads and splits the file at {@code path}. */
    public static FlvFile read(Path path) throws IOException {
        try {
            return parse(Unpooled.wrappedBuffer(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** Splits an FLV file held in {@code content}; the tags keep slices of it. */
    public static FlvFile parse(ByteBuf content) throws IOException {
        if (content.readableBytes() < FILE_HEADER_MIN
                || content.getByte(0) != 'F' || content.getByte(1) != 'L' || content.getByte(2) != 'V') {
            throw new IOException("not an FLV file (no 'FLV' signature)");
        }
        long headerSize = content.getUnsignedInt(5);
        if (headerSize < FILE_HEADER_MIN || headerSize > content.readableBytes()) {
            throw new IOException("FLV header size " + headerSize + " is out of range");
        }
        Amf0Decoder amf = new Amf0Decoder(AmfLimits.DEFAULTS);
        List<Object> metadata = List.of();
        List<FlvTag> configTags = new ArrayList<>();
        List<FlvTag> frames = new ArrayList<>();
        int position = (int) headerSize + PREVIOUS_TAG_SIZE;
        int end = content.writerIndex();
        while (end - position >= TAG_HEADER) {
            int type = content.getUnsignedByte(position);
            int dataSize = content.getUnsignedMedium(position + 1);
            long timestamp = content.getUnsignedMedium(position + 4)
                    | ((long) content.getUnsignedByte(position + 7) << 24);
            int dataStart = position + TAG_HEADER;
            if (end - dataStart < dataSize) {
                break; // a truncated last tag, as a killed encoder leaves: replay what is whole
            }
            if ((type & 0x20) != 0) {
                throw new IOException("encrypted FLV tag at byte " + position + " is not supported");
            }
            ByteBuf body = content.slice(dataStart, dataSize);
            switch (type & 0x1F) {
                case TAG_SCRIPT -> {
                    if (metadata.isEmpty()) {
                        metadata = onMetaData(amf, body);
                    }
                }
                case TAG_VIDEO -> classifyVideo(timestamp, body, configTags, frames);
                case TAG_AUDIO -> classifyAudio(timestamp, body, configTags, frames);
                default -> { } // unknown tag types are skipped, as players do
            }
            position = dataStart + dataSize + PREVIOUS_TAG_SIZE;
        }
        if (frames.isEmpty()) {
            throw new IOException("FLV file has no audio or video frames");
        }
        return new FlvFile(metadata, List.copyOf(configTags), List.copyOf(frames));
    }

    private static List<Object> onMetaData(Amf0Decoder amf, ByteBuf body) throws IOException {
        try {
            List<Object> values = amf.decodeAll(body.duplicate());
            return !values.isEmpty() && "onMetaData".equals(values.get(0))
                    ? Collections.unmodifiableList(values) : List.of();
        } catch (AmfException e) {
            throw new IOException("malformed script tag: " + e.getMessage(), e);
        }
    }

    private static void classifyVideo(long timestamp, ByteBuf body, List<FlvTag> configTags, List<FlvTag> frames) {
        if (body.readableBytes() < 2) {
            return;
        }
        int first = body.getUnsignedByte(body.readerIndex());
        boolean enhanced = (first & ENHANCED_RTMP_FLAG) != 0;
        int frameType = enhanced ? (first >>> 4) & 0x07 : first >>> 4;
        int packetType;
        if (enhanced) {
            packetType = first & 0x0F;
        } else {
            int codec = first & 0x0F;
            packetType = codec == CODEC_AVC || codec == CODEC_HEVC_LEGACY
                    ? body.getUnsignedByte(body.readerIndex() + 1) : 1;
        }
        if (frameType == FRAME_TYPE_COMMAND || packetType == PACKET_END_OF_SEQUENCE) {
            return;
        }
        boolean config = packetType == PACKET_SEQUENCE_HEADER;
        FlvTag tag = new FlvTag(TrackType.VIDEO, timestamp, body, frameType == FRAME_TYPE_KEY && !config, config);
        (config ? configTags : frames).add(tag);
    }

    private static void classifyAudio(long timestamp, ByteBuf body, List<FlvTag> configTags, List<FlvTag> frames) {
        if (body.readableBytes() < 1) {
            return;
        }
        int soundFormat = body.getUnsignedByte(body.readerIndex()) >>> 4;
        boolean config = soundFormat == SOUND_FORMAT_AAC && body.readableBytes() >= 2
                && body.getUnsignedByte(body.readerIndex() + 1) == PACKET_SEQUENCE_HEADER;
        FlvTag tag = new FlvTag(TrackType.AUDIO, timestamp, body, false, config);
        (config ? configTags : frames).add(tag);
    }

    /** The last frame's time plus one video frame interval, so a loop starts one frame later. */
    private static long loopDuration(List<FlvTag> frames) {
        long last = frames.stream().mapToLong(FlvTag::timestampMillis).max().orElse(0);
        List<FlvTag> video = frames.stream().filter(t -> t.track() == TrackType.VIDEO).toList();
        long interval = video.size() > 1
                ? Math.max(1, (video.getLast().timestampMillis() - video.getFirst().timestampMillis()) / (video.size() - 1))
                : 40;
        return last + interval;
    }

    private static long keyframeInterval(List<FlvTag> frames, long loopDuration) {
        List<FlvTag> keyframes = frames.stream().filter(FlvTag::keyframe).toList();
        if (keyframes.size() < 2) {
            return loopDuration;
        }
        return (keyframes.getLast().timestampMillis() - keyframes.getFirst().timestampMillis()) / (keyframes.size() - 1);
    }

    /** The {@code onMetaData} script tag's values ({@code "onMetaData"}, then its properties), or empty. */
    public List<Object> metadata() {
        return metadata;
    }

    /** The {@code onMetaData} properties, or an empty map. */
    public Map<?, ?> metadataProperties() {
        return metadata.size() > 1 && metadata.get(1) instanceof Map<?, ?> map ? map : Map.of();
    }

    /** Codec configurations, sent once before the first frame. */
    public List<FlvTag> configTags() {
        return configTags;
    }

    /** Audio and video frames in file order, replayed in a loop. */
    public List<FlvTag> frames() {
        return frames;
    }

    /** How far timestamps move on at each loop of {@link #frames()}. */
    public long loopDurationMillis() {
        return loopDurationMillis;
    }

    /** Mean time between video keyframes (the GOP length). */
    public long keyframeIntervalMillis() {
        return keyframeIntervalMillis;
    }

    public long videoFrameCount() {
        return frames.stream().filter(t -> t.track() == TrackType.VIDEO).count();
    }

    public long audioFrameCount() {
        return frames.size() - videoFrameCount();
    }

    /** Mean media bitrate of the frames, in bits per second. */
    public long bitsPerSecond() {
        long bytes = frames.stream().mapToLong(FlvTag::size).sum();
        return loopDurationMillis == 0 ? 0 : bytes * 8_000 / loopDurationMillis;
    }
}
