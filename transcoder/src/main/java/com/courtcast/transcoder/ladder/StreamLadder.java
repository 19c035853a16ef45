package com.courtcast.transcoder.ladder;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.transcoder.packager.SegmentAlignment;
import io.netty.buffer.ByteBufAllocator;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcoding ladder of one live stream: decodes the source once, scales and encodes each
 * rung, and feeds each rung's packager access units timed exactly like the source's.
 *
 * <p>Off the live path: it is a consumer of the stream like the source's packager, and does its
 * work on its own thread behind a bounded queue, so nothing it does can delay the source
 * rendition. When the queue grows past {@link LadderConfig#shedAtFrames()} the transcoder is
 * behind real time and sheds its most expensive rung (see {@link ShedPolicy}); a full queue drops
 * input until the next keyframe and restarts every rung. Shed rungs come back at a segment
 * boundary of the source once there has been room for a while.
 *
 * <p>Alignment: a rung starts (at a publish, a restore, or after an error) only at a source
 * keyframe where the source's packager opened a segment ({@link SegmentAlignment}); its pictures
 * carry the source's decode and presentation times ({@link DecodeOrder}) and it makes a keyframe
 * exactly where the source has one, so its packager cuts the same segments under the same MSNs.
 *
 * <p>Audio is the source's AAC, passed through to every rung untouched.
 */
public final class StreamLadder implements MediaSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamLadder.class);
    /** Source keyframe times remembered until their picture leaves the decoder. */
    private static final int KEYFRAMES_REMEMBERED = 16;

    static {
        // FFmpeg logs to stderr, past the application's logging; only its errors are worth that.
        av_log_set_level(AV_LOG_ERROR);
    }

    /**
     * Loads FFmpeg's native libraries now. The first load takes over a second; done when the first
     * stream arrives, that second of frames would queue up and make the new ladder shed at once.
     */
    public static void loadNatives() {
        Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
    }

    /** Whether a rendition is being produced, so the multivariant playlist can list it or not. */
    @FunctionalInterface
    public interface Availability {
        void produced(String rendition, boolean producing);
    }

    private sealed interface Work permits Event, Gap {}

    private record Event(MediaEvent event) implements Work {}

    /** Input was dropped before this point. */
    private record Gap() implements Work {}

    private enum State {
        /**
         * Not below the source's height (the source rendition already serves that picture), or its
         * encoder failed: not produced for this publish.
         */
        OFF,
        /** Starts at the source's next segment boundary. */
        WAITING,
        /** Its first picture is the one presented at {@code startPts}. */
        STARTING,
        ACTIVE,
        SHED
    }

    private static final class RungState {
        final Rung rung;
        final MediaSink sink;
        State state = State.WAITING;
        RungEncoder encoder;
        long startPts;
        boolean sinkOpen;

        RungState(Rung rung, MediaSink sink) {
            this.rung = rung;
            this.sink = sink;
        }

        boolean running() {
            return state == State.STARTING || state == State.ACTIVE;
        }
    }

    private final String stream;
    private final LadderConfig config;
    private final SegmentAlignment alignment;
    private final Availability availability;
    private final ByteBufAllocator allocator;
    private final LadderMetrics metrics;
    private final ShedPolicy policy;
    private final List<RungState> rungs = new ArrayList<>();
    private final BlockingQueue<Work> queue;
    private final AtomicInteger queuedVideo = new AtomicInteger();
    private final Thread worker;
    private volatile boolean running = true;

    // The delivery thread's.
    private boolean dropping;

    // The worker's.
    private MediaEvent.PublishStarted publish;
    private VideoConfig videoConfig;
    private AacConfig audioConfig;
    private VideoDecoder decoder;
    private boolean decoding;
    private final ArrayDeque<Long> keyframePts = new ArrayDeque<>();
    /** Time spent decoding and encoding since the start, for the load the restore decision reads. */
    private long busyNanos;

    /**
     * @param rungs the stream's ladder, highest first
     * @param sinks the packager of each rung (it gets PublishStarted, ConfigChanged and access units)
     */
    public StreamLadder(String stream, List<Rung> rungs, LadderConfig config, Function<Rung, MediaSink> sinks,
                        SegmentAlignment alignment, Availability availability, Clock clock,
                        ByteBufAllocator allocator, LadderMetrics metrics) {
        this.stream = stream;
        this.config = config;
        this.alignment = alignment;
        this.availability = availability;
        this.allocator = allocator;
        this.metrics = metrics;
        this.policy = new ShedPolicy(config, clock);
        for (Rung rung : rungs) {
            this.rungs.add(new RungState(rung, sinks.apply(rung)));
        }
        // Room for the video frames plus the audio between them and the odd control event.
        this.queue = new ArrayBlockingQueue<>(config.queueFrames() * 4);
        this.worker = Thread.ofPlatform().name("ladder-" + stream).daemon(true).start(this::work);
    }

    // ---- the delivery thread's side -----------------------------------------------------------

    @Override
    public void onEvent(MediaEvent event) {
        if (!running) {
            return;
        }
        if (event instanceof AccessUnit unit) {
            offer(unit);
        } else {
            try {
                queue.put(new Event(event)); // rare and tiny: waiting here only slows this consumer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void offer(AccessUnit unit) {
        if (unit.track() == TrackType.VIDEO) {
            if (dropping && !unit.keyframe()) {
                metrics.dropped();
                return;
            }
            if (queuedVideo.get() >= config.queueFrames() || queue.remainingCapacity() < 2) {
                if (!dropping) {
                    dropping = true;
                    queue.offer(new Gap());
                }
                metrics.dropped();
                return;
            }
            dropping = false;
            queuedVideo.incrementAndGet();
            queue.add(new Event(unit.retain()));
        } else if (!queue.offer(new Event(unit.retain()))) {
            unit.release();
        }
    }

    /** Video frames waiting for the worker. */
    int queuedVideoFrames() {
        return queuedVideo.get();
    }

    // ---- the worker's side --------------------------------------------------------------------

    private void work() {
        while (running) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                handle(work);
            } catch (TranscodeException e) {
                log.warn("ladder {}: {}; rungs restart at the next segment boundary", stream, e.getMessage());
                restartRungs("transcoder error");
            } catch (RuntimeException e) {
                log.error("ladder {}: unexpected failure; rungs restart at the next segment boundary", stream, e);
                restartRungs("transcoder error");
            } finally {
                if (work instanceof Event(AccessUnit unit)) {
                    unit.release();
                }
            }
        }
    }

    private void handle(Work work) {
        switch (work) {
            case Gap gap -> overflowed();
            case Event(MediaEvent.PublishStarted started) -> startPublish(started);
            case Event(MediaEvent.ConfigChanged changed) -> {
                switch (changed.config()) {
                    case VideoConfig video -> changeVideo(video);
                    case AacConfig audio -> changeAudio(audio);
                }
            }
            case Event(MediaEvent.Metadata metadata) -> { }
            case Event(AccessUnit unit) -> {
                if (unit.track() == TrackType.VIDEO) {
                    queuedVideo.decrementAndGet();
                    video(unit);
                } else {
                    forwardToOpenSinks(unit);
                }
            }
            case Event(MediaEvent.PublishEnded ended) -> endPublish(ended);
        }
    }

    private void startPublish(MediaEvent.PublishStarted started) {
        endSinks("a new publish began");
        publish = started;
        videoConfig = null;
        audioConfig = null;
        closeDecoder();
    }

    private void endPublish(MediaEvent.PublishEnded ended) {
        drainDecoder();
        for (RungState rung : rungs) {
            if (rung.sinkOpen) {
                rung.sink.onEvent(ended);
                rung.sinkOpen = false;
            }
            if (rung.running()) {
                rung.state = State.WAITING;
            }
        }
        publish = null;
        closeDecoder();
    }

    private void changeVideo(VideoConfig video) {
        if (video.equals(videoConfig)) {
            return;
        }
        drainDecoder();
        endSinks("the source's video configuration changed");
        closeDecoder();
        videoConfig = video;
        for (RungState rung : rungs) {
            if (rung.state == State.SHED) {
                continue;
            }
            boolean fits = rung.rung.height() < video.height();
            rung.state = fits ? State.WAITING : State.OFF;
            if (!fits) {
                availability.produced(rung.rung.name(), false);
            }
        }
        if (rungs.stream().anyMatch(r -> r.state == State.WAITING || r.state == State.SHED)) {
            decoder = new VideoDecoder(video, config.decoderThreads());
            log.info("ladder {}: {}x{} {} source; rungs {}", stream, video.width(), video.height(), video.codec(),
                    rungs.stream().filter(r -> r.state != State.OFF).map(r -> r.rung.name()).toList());
        }
    }

    private void changeAudio(AacConfig audio) {
        audioConfig = audio;
        forwardToOpenSinks(new MediaEvent.ConfigChanged(audio));
    }

    private void forwardToOpenSinks(MediaEvent event) {
        for (RungState rung : rungs) {
            if (rung.sinkOpen) {
                rung.sink.onEvent(event);
            }
        }
    }

    private void video(AccessUnit unit) {
        if (decoder == null || publish == null) {
            return;
        }
        if (unit.keyframe()) {
            prepareWaitingRungs(unit);
        }
        transcode(unit);
        int queued = queuedVideo.get();
        metrics.queued(queued);
        switch (policy.observe(queued, busyNanos, rungs.stream().anyMatch(r -> r.running() || r.state == State.WAITING),
                rungs.stream().anyMatch(r -> r.state == State.SHED))) {
            case SHED -> shedOne();
            case RESTORE -> restoreOne();
            case NONE -> { }
        }
    }

    private void transcode(AccessUnit unit) {
        if (rungs.stream().noneMatch(RungState::running)) {
            decoding = false; // nothing to encode: spend no CPU until a rung starts
            return;
        }
        if (!decoding) {
            if (!unit.keyframe()) {
                return;
            }
            decoder.reset();
            keyframePts.clear();
            decoding = true;
        }
        if (unit.keyframe()) {
            if (keyframePts.size() == KEYFRAMES_REMEMBERED) {
                keyframePts.removeFirst();
            }
            keyframePts.addLast(unit.ptsMillis());
        }
        long started = System.nanoTime();
        decoder.decode(unit, this::encode);
        long spent = System.nanoTime() - started;
        busyNanos += spent;
        metrics.transcoded(spent);
    }

    /**
     * Rungs waiting to start prepare to at every source keyframe: the encoder opens and the rung
     * starts with that keyframe's picture if the source's packager opened a segment there. That is
     * checked when the picture leaves the decoder, waiting (at most {@link LadderConfig#startWait()})
     * for the source's packager to have planned that frame: it sees the keyframe at about the same
     * moment as this thread, on another.
     */
    private void prepareWaitingRungs(AccessUnit keyframe) {
        for (RungState rung : rungs) {
            if (rung.state != State.WAITING) {
                continue;
            }
            try {
                if (rung.encoder == null) {
                    rung.encoder = new RungEncoder(rung.rung, videoConfig.width(), videoConfig.height(),
                            videoConfig.frameRate(), config, allocator);
                }
            } catch (TranscodeException e) {
                log.warn("ladder {}: rung {} not produced: {}", stream, rung.rung.name(), e.getMessage());
                rung.state = State.OFF;
                continue;
            }
            rung.state = State.STARTING;
            rung.startPts = keyframe.ptsMillis();
        }
    }

    /** The rung's first picture: its packager starts a publish with the rung's configuration. */
    private boolean start(RungState rung, VideoDecoder.Picture picture) {
        boolean boundary;
        try {
            boundary = alignment.awaitMsnAt(publish.publishId(), picture.dtsMillis(), config.startWait()).isPresent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            boundary = false;
        }
        if (!boundary) {
            rung.state = State.WAITING; // the source did not open a segment here: the next keyframe
            return false;
        }
        rung.sink.onEvent(publish);
        rung.sink.onEvent(new MediaEvent.ConfigChanged(rung.encoder.avcConfig()));
        if (audioConfig != null) {
            rung.sink.onEvent(new MediaEvent.ConfigChanged(audioConfig));
        }
        rung.sinkOpen = true;
        rung.state = State.ACTIVE;
        availability.produced(rung.rung.name(), true);
        log.info("ladder {}: rung {} ({}x{}, {} kbit/s) starts at {} ms", stream, rung.rung.name(),
                rung.encoder.width(), rung.rung.height(), rung.rung.bitsPerSecond() / 1000, picture.dtsMillis());
        return true;
    }

    private void encode(VideoDecoder.Picture picture) {
        boolean keyframe = keyframePts.remove(picture.ptsMillis());
        for (RungState rung : rungs) {
            if (rung.state == State.STARTING) {
                if (picture.ptsMillis() != rung.startPts || !start(rung, picture)) {
                    continue; // a picture from before the keyframe the rung starts at, or no boundary
                }
            } else if (rung.state != State.ACTIVE) {
                continue;
            }
            long started = System.nanoTime();
            rung.encoder.encode(picture.frame(), picture.ptsMillis(), keyframe, coded -> {
                AccessUnit unit = new AccessUnit(TrackType.VIDEO, picture.dtsMillis(),
                        (int) (coded.ptsMillis() - picture.dtsMillis()), coded.keyframe(), coded.sample());
                try {
                    rung.sink.onEvent(unit);
                } finally {
                    unit.release();
                }
            });
            metrics.encoded(rung.rung, System.nanoTime() - started);
        }
    }

    private void shedOne() {
        for (RungState rung : rungs) { // highest first: the most expensive
            if (rung.running() || rung.state == State.WAITING) {
                shed(rung);
                log.warn("ladder {}: behind real time ({} frames queued); shed rung {}", stream, queuedVideo.get(),
                        rung.rung.name());
                return;
            }
        }
    }

    private void shed(RungState rung) {
        stopSink(rung, "shed: the transcoder fell behind real time");
        rung.state = State.SHED;
        closeEncoder(rung);
        availability.produced(rung.rung.name(), false);
        metrics.shed(rung.rung);
    }

    private void restoreOne() {
        for (int i = rungs.size() - 1; i >= 0; i--) { // lowest first: the cheapest
            RungState rung = rungs.get(i);
            if (rung.state == State.SHED) {
                boolean fits = videoConfig != null && rung.rung.height() < videoConfig.height();
                rung.state = fits ? State.WAITING : State.OFF;
                metrics.restored(rung.rung);
                log.info("ladder {}: room again; rung {} restarts at the next segment boundary", stream,
                        rung.rung.name());
                return;
            }
        }
    }

    private void overflowed() {
        boolean any = false;
        for (RungState rung : rungs) {
            if (rung.running() || rung.state == State.WAITING) {
                shed(rung);
                any = true;
            }
        }
        policy.overflowed();
        decoding = false;
        if (any) {
            log.warn("ladder {}: input queue full ({} frames); every rung shed", stream, config.queueFrames());
        }
    }

    /** After an error: every running rung ends its publish and starts again at the next boundary. */
    private void restartRungs(String reason) {
        for (RungState rung : rungs) {
            if (rung.running()) {
                stopSink(rung, reason);
                closeEncoder(rung);
                rung.state = State.WAITING;
            }
        }
        decoding = false;
    }

    private void endSinks(String reason) {
        for (RungState rung : rungs) {
            stopSink(rung, reason);
            closeEncoder(rung);
            if (rung.running()) {
                rung.state = State.WAITING;
            }
        }
    }

    private void stopSink(RungState rung, String reason) {
        if (rung.sinkOpen) {
            String name = publish == null ? "" : publish.streamName();
            String id = publish == null ? "" : publish.publishId();
            rung.sink.onEvent(new MediaEvent.PublishEnded(name, id, reason));
            rung.sinkOpen = false;
        }
    }

    private static void closeEncoder(RungState rung) {
        if (rung.encoder != null) {
            rung.encoder.close();
            rung.encoder = null;
        }
    }

    /** The last pictures of a publish (held back for reordering) still belong in the rungs. */
    private void drainDecoder() {
        if (decoder != null && decoding) {
            decoder.drain(this::encode);
        }
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        decoding = false;
        keyframePts.clear();
    }

    /**
     * Stops the worker and frees every native resource. Rung packagers are the caller's to close
     * (after this returns nothing calls them any more).
     */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            if (!worker.join(java.time.Duration.ofSeconds(10))) {
                log.warn("ladder {}: worker did not stop within 10 s; native memory left to the process", stream);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Work work; (work = queue.poll()) != null; ) {
            if (work instanceof Event(AccessUnit unit)) {
                unit.release();
            }
        }
        for (RungState rung : rungs) {
            closeEncoder(rung);
        }
        closeDecoder();
    }
}
