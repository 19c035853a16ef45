package com.courtcast.transcoder.ladder;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.MediaFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Locale;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;

/**
 * Scales decoded source pictures to one rung and encodes them as H.264 for live low latency.
 *
 * <p>Encoder settings (x264's; OpenH264 has neither B-frames nor lookahead), and why: no
 * B-frames and no lookahead ({@code tune=zerolatency}, which also makes x264 use slice threads),
 * so each picture in gives its coded picture out at once
 * and decode order is presentation order; ABR at the rung's bitrate with a VBV buffer of
 * {@link LadderConfig#vbvBuffer()} capping the peak; no keyframes of the encoder's own choosing
 * ({@code keyint=infinite}, {@code scenecut=0}): a picture becomes an IDR exactly when the
 * source's picture at the same time is a keyframe, so every rendition cuts segments at the same
 * media times. The global header flag makes x264 put SPS/PPS in extradata (turned into avcC)
 * instead of in front of every keyframe.
 *
 * <p>Native memory: the scaler, the encoder context, one output frame and one packet are
 * allocated here and freed in {@link #close()}.
 */
final class RungEncoder implements AutoCloseable {

    /** A coded picture of the rung; the caller owns {@code sample}. */
    record Coded(ByteBuf sample, long ptsMillis, boolean keyframe) {}

    private final Rung rung;
    private final int width;
    private final AVCodecContext context;
    private final AVFrame scaled;
    private final AVPacket packet;
    private final ByteBufAllocator allocator;
    private final AvcConfig avcConfig;
    private SwsContext scaler;
    private int scalerSourceWidth;
    private int scalerSourceHeight;
    private int scalerSourceFormat = -1;
    private boolean closed;

    /**
     * @param sourceFrameRate the source's frame rate, 0 when it does not signal one
     */
    RungEncoder(Rung rung, int sourceWidth, int sourceHeight, double sourceFrameRate, LadderConfig config,
                ByteBufAllocator allocator) {
        this.rung = rung;
        this.allocator = allocator;
        this.width = rung.widthFor(sourceWidth, sourceHeight);
        AVCodec codec = avcodec_find_encoder_by_name(config.encoder());
        if (codec == null) {
            throw new TranscodeException("FFmpeg has no encoder named " + config.encoder()
                    + " (transcoder.encoder; libx264 needs the GPL natives)");
        }
        context = avcodec_alloc_context3(codec);
        AVFrame newFrame = null;
        AVPacket newPacket = null;
        AVDictionary options = new AVDictionary(null);
        try {
            context.width(width);
            context.height(rung.height());
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base().num(1).den(1000);
            if (sourceFrameRate > 0) {
                context.framerate().num((int) Math.round(sourceFrameRate * 1000)).den(1000);
            }
            context.max_b_frames(0);
            context.bit_rate(rung.bitsPerSecond());
            context.rc_max_rate(rung.bitsPerSecond());
            context.rc_buffer_size((int) Math.min(Integer.MAX_VALUE,
                    rung.bitsPerSecond() * config.vbvBuffer().toMillis() / 1000));
            context.thread_count(config.encoderThreads());
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            // The encoder's own keyframes would fall where the source has none; the source's are forced.
            context.gop_size(Integer.MAX_VALUE);
            if (config.encoder().equals(LadderConfig.LIBX264)) {
                av_dict_set(options, "preset", config.preset(), 0);
                av_dict_set(options, "tune", "zerolatency", 0);
                av_dict_set(options, "forced-idr", "1", 0);
                av_dict_set(options, "x264-params", "keyint=infinite:scenecut=0:rc-lookahead=0:bframes=0", 0);
            }
            FfmpegCalls.check(avcodec_open2(context, codec, options), "avcodec_open2(" + config.encoder() + ")");
            avcConfig = withFrameRate(AnnexB.avcConfig(
                    context.extradata().capacity(context.extradata_size()).asBuffer()), sourceFrameRate);
            newFrame = av_frame_alloc();
            newFrame.format(AV_PIX_FMT_YUV420P);
            newFrame.width(width);
            newFrame.height(rung.height());
            FfmpegCalls.check(av_frame_get_buffer(newFrame, 0), "av_frame_get_buffer");
            newPacket = av_packet_alloc();
        } catch (MediaFormatException e) {
            freeAll(newFrame, newPacket);
            throw new TranscodeException("encoder header for " + rung.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            freeAll(newFrame, newPacket);
            throw e;
        } finally {
            av_dict_free(options);
        }
        scaled = newFrame;
        packet = newPacket;
    }

    /**
     * The SPS carries x264's own timing (or none); the rendition states the source's frame rate,
     * which is what it has, so its packager plans parts exactly as the source's does.
     */
    private static AvcConfig withFrameRate(AvcConfig parsed, double frameRate) {
        return new AvcConfig(parsed.record(), parsed.profileIdc(), parsed.constraintFlags(), parsed.levelIdc(),
                parsed.nalLengthSize(), parsed.sps(), parsed.pps(), parsed.width(), parsed.height(), frameRate);
    }

    private void freeAll(AVFrame frame, AVPacket pkt) {
        if (frame != null) {
            av_frame_free(frame);
        }
        if (pkt != null) {
            av_packet_free(pkt);
        }
        avcodec_free_context(context);
    }

    Rung rung() {
        return rung;
    }

    int width() {
        return width;
    }

    /** The rung's decoder configuration (its sample entry), with the source's frame rate. */
    AvcConfig avcConfig() {
        return avcConfig;
    }

    /**
     * Encodes one source picture; with zero latency the coded picture comes out of this call.
     *
     * @param keyframe make it an IDR picture (the source's picture at this time is a keyframe)
     */
    void encode(AVFrame source, long ptsMillis, boolean keyframe, Consumer<Coded> out) {
        prepareScaler(source);
        FfmpegCalls.check(av_frame_make_writable(scaled), "av_frame_make_writable");
        FfmpegCalls.check(sws_scale_frame(scaler, scaled, source), "sws_scale_frame(" + rung.name() + ")");
        scaled.pts(ptsMillis);
        scaled.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        FfmpegCalls.check(avcodec_send_frame(context, scaled), "avcodec_send_frame(" + rung.name() + ")");
        while (true) {
            int result = avcodec_receive_packet(context, packet);
            if (result == FfmpegCalls.EAGAIN || result == AVERROR_EOF()) {
                return;
            }
            FfmpegCalls.check(result, "avcodec_receive_packet(" + rung.name() + ")");
            try {
                ByteBuf sample = AnnexB.toSample(packet.data().capacity(packet.size()).asBuffer(), allocator);
                out.accept(new Coded(sample, packet.pts(), (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void prepareScaler(AVFrame source) {
        if (scaler != null && source.width() == scalerSourceWidth && source.height() == scalerSourceHeight
                && source.format() == scalerSourceFormat) {
            return;
        }
        if (scaler != null) {
            sws_freeContext(scaler);
        }
        scaler = sws_getContext(source.width(), source.height(), source.format(), width, rung.height(),
                AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (double[]) null);
        if (scaler == null) {
            throw new TranscodeException(String.format(Locale.ROOT, "no scaler from %dx%d format %d to %s",
                    source.width(), source.height(), source.format(), rung.name()));
        }
        scalerSourceWidth = source.width();
        scalerSourceHeight = source.height();
        scalerSourceFormat = source.format();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scaler != null) {
            sws_freeContext(scaler);
        }
        freeAll(scaled, packet);
    }
}
