package com.courtcast.transcoder.ladder;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.VideoConfig;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * The one decoder of a stream: access units in (length-prefixed NAL units, exactly as the ingest
 * delivers them, with the configuration record as extradata), pictures out with their
 * presentation time in milliseconds. No container, no copy beyond the one into the packet.
 *
 * <p>Native memory: the context, one packet and one frame are allocated here and freed in
 * {@link #close()}; pictures handed to the consumer are valid only during the call.
 */
final class VideoDecoder implements AutoCloseable {

    /** FF_THREAD_SLICE from libavcodec/avcodec.h (not mapped by the bindings). */
    private static final int THREAD_SLICE = 2;

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final DecodeOrder order = new DecodeOrder();
    private boolean closed;

    /** A decoded picture and the source timing the rungs copy. */
    record Picture(AVFrame frame, long ptsMillis, long dtsMillis) {}

    VideoDecoder(VideoConfig config, int threads) {
        int codecId = switch (config.codec()) {
            case H264 -> AV_CODEC_ID_H264;
            case HEVC -> AV_CODEC_ID_HEVC;
            case AV1 -> AV_CODEC_ID_AV1;
            case AAC -> throw new IllegalArgumentException("not a video codec: " + config.codec());
        };
        AVCodec codec = avcodec_find_decoder(codecId);
        if (codec == null) {
            throw new TranscodeException("FFmpeg has no decoder for " + config.codec());
        }
        context = avcodec_alloc_context3(codec);
        AVPacket newPacket = null;
        AVFrame newFrame = null;
        try {
            byte[] record = config.record();
            BytePointer extradata = new BytePointer(av_mallocz(record.length + AV_INPUT_BUFFER_PADDING_SIZE));
            extradata.capacity(record.length).put(record);
            context.extradata(extradata);
            context.extradata_size(record.length);
            context.pkt_timebase().num(1).den(1000);
            context.thread_count(threads);
            context.thread_type(THREAD_SLICE); // frame threads would hold pictures back
            FfmpegCalls.check(avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "avcodec_open2(decoder " + config.codec() + ")");
            newPacket = av_packet_alloc();
            newFrame = av_frame_alloc();
        } catch (RuntimeException e) {
            if (newPacket != null) {
                av_packet_free(newPacket);
            }
            if (newFrame != null) {
                av_frame_free(newFrame);
            }
            avcodec_free_context(context);
            throw e;
        }
        packet = newPacket;
        frame = newFrame;
    }

    /**
     * Decodes one access unit and hands over every picture it completes, in presentation order.
     * A unit the decoder rejects is skipped (the next keyframe repairs the picture).
     */
    void decode(AccessUnit unit, Consumer<Picture> pictures) {
        int size = unit.size();
        FfmpegCalls.check(av_new_packet(packet, size), "av_new_packet");
        try {
            ByteBuffer target = packet.data().capacity(size).asBuffer();
            target.put(unit.payload().nioBuffer(unit.payload().readerIndex(), size));
            packet.pts(unit.ptsMillis());
            packet.dts(unit.dtsMillis());
            packet.flags(unit.keyframe() ? AV_PKT_FLAG_KEY : 0);
            int sent = avcodec_send_packet(context, packet);
            if (sent < 0 && sent != FfmpegCalls.EAGAIN) {
                return;
            }
            order.sent(unit.dtsMillis());
        } finally {
            av_packet_unref(packet);
        }
        receive(pictures);
    }

    private void receive(Consumer<Picture> pictures) {
        while (true) {
            int result = avcodec_receive_frame(context, frame);
            if (result == FfmpegCalls.EAGAIN || result == AVERROR_EOF()) {
                return;
            }
            if (result < 0) {
                return; // a damaged picture; later ones still come
            }
            try {
                long pts = frame.best_effort_timestamp();
                if (pts == AV_NOPTS_VALUE) {
                    pts = frame.pts();
                }
                pictures.accept(new Picture(frame, pts, order.next(pts)));
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /**
     * Hands over the pictures the decoder still holds for reordering (the end of a publish), then
     * readies it for a new start at a keyframe.
     */
    void drain(Consumer<Picture> pictures) {
        if (avcodec_send_packet(context, (AVPacket) null) >= 0) {
            receive(pictures);
        }
        reset();
    }

    /** Forgets pictures in flight: decoding restarts at the next keyframe. */
    void reset() {
        avcodec_flush_buffers(context);
        order.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
