package com.courtcast.app.demo;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a generated test stream over RTMP through JavaCV (FFmpeg's encoders and RTMP client):
 * H.264 (libx264, zero-latency tuning, fixed GOP) with AAC audio carrying a 1 kHz tone, paced at
 * real time. Used by the demo and by tests that need a second, independent RTMP publisher.
 */
public final class TestPatternPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestPatternPublisher.class);
    private static final int SAMPLE_RATE = 48_000;
    private static final double TONE_HZ = 1_000;

    /**
     * @param gop frames between keyframes
     * @param frames frames to send before stopping, or 0 to run until closed
     */
    public record Settings(int width, int height, int fps, int videoBitrate, int gop, long frames) {

        public static Settings demo() {
            return new Settings(1280, 720, 30, 2_500_000, 30, 0);
        }
    }

    static {
        // FFmpeg's encoders print statistics at exit; keep the demo's console for status lines.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final String url;
    private final Settings settings;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile long framesSent;

    public TestPatternPublisher(String url, Settings settings) {
        this.url = url;
        this.settings = settings;
        this.thread = Thread.ofPlatform().name("test-pattern-publisher").daemon().unstarted(this::run);
    }

    public TestPatternPublisher start() {
        thread.start();
        return this;
    }

    public long framesSent() {
        return framesSent;
    }

    /** Waits until the publisher has sent all its frames (or failed); returns the failure or null. */
    public Throwable await(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        return failure;
    }

    private void run() {
        TestPattern pattern = new TestPattern(settings.width(), settings.height(), settings.fps());
        Frame video = new Frame(settings.width(), settings.height(), Frame.DEPTH_UBYTE, 3);
        int samplesPerFrame = SAMPLE_RATE / settings.fps();
        ShortBuffer tone = ShortBuffer.allocate(samplesPerFrame);
        long sampleIndex = 0;
        try (FFmpegFrameRecorder recorder = newRecorder()) {
            recorder.start();
            long startNanos = System.nanoTime();
            for (long frame = 0; !stopping && (settings.frames() == 0 || frame < settings.frames()); frame++) {
                pattern.draw(frame, (ByteBuffer) video.image[0]);
                recorder.record(video, avutil.AV_PIX_FMT_BGR24);
                tone.clear();
                for (int i = 0; i < samplesPerFrame; i++, sampleIndex++) {
                    tone.put((short) (8000 * Math.sin(2 * Math.PI * TONE_HZ * sampleIndex / SAMPLE_RATE)));
                }
                tone.flip();
                recorder.recordSamples(SAMPLE_RATE, 1, tone);
                framesSent = frame + 1;
                long dueNanos = startNanos + (frame + 1) * 1_000_000_000L / settings.fps();
                long waitNanos = dueNanos - System.nanoTime();
                if (waitNanos > 0) {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                }
            }
            recorder.stop();
        } catch (Exception e) {
            failure = e;
            if (!stopping) {
                log.warn("test pattern publisher stopped: {}", e.toString());
            }
        } finally {
            video.close();
        }
    }

    private FFmpegFrameRecorder newRecorder() {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, settings.width(), settings.height(), 1);
        recorder.setFormat("flv");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(settings.fps());
        recorder.setGopSize(settings.gop());
        recorder.setVideoBitrate(settings.videoBitrate());
        recorder.setVideoOption("preset", "veryfast");
        recorder.setVideoOption("tune", "zerolatency");
        recorder.setVideoOption("bf", "0");
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(SAMPLE_RATE);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(96_000);
        return recorder;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(10));
    }
}
