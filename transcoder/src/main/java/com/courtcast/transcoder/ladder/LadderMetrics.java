package com.courtcast.transcoder.ladder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * What the ladders of a node report: rungs shed and restored, input dropped, time spent decoding
 * and encoding, and how many frames wait. Tagged by rung name (a handful), never by stream.
 */
public final class LadderMetrics {

    private final MeterRegistry registry;
    private final Counter droppedFrames;
    private final Timer decode;
    private final DistributionSummary queuedFrames;

    public LadderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.droppedFrames = Counter.builder("courtcast_transcoder_dropped_frames")
                .description("Video frames dropped before the transcoder because its queue was full").register(registry);
        this.decode = Timer.builder("courtcast_transcoder_frame")
                .description("Time to decode one source access unit and encode what it completes for every running rung")
                .register(registry);
        this.queuedFrames = DistributionSummary.builder("courtcast_transcoder_queued_frames")
                .description("Video frames waiting for the transcoder, sampled per frame")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    /** Metrics nobody reads (tests, tools). */
    public static LadderMetrics discarded() {
        return new LadderMetrics(new SimpleMeterRegistry());
    }

    void shed(Rung rung) {
        Counter.builder("courtcast_transcoder_rungs_shed")
                .description("Rungs stopped because the transcoder fell behind real time")
                .tag("rung", rung.name()).register(registry).increment();
    }

    void restored(Rung rung) {
        Counter.builder("courtcast_transcoder_rungs_restored")
                .description("Shed rungs started again").tag("rung", rung.name()).register(registry).increment();
    }

    void dropped() {
        droppedFrames.increment();
    }

    void transcoded(long nanos) {
        decode.record(nanos, TimeUnit.NANOSECONDS);
    }

    void encoded(Rung rung, long nanos) {
        Timer.builder("courtcast_transcoder_encode")
                .description("Time to scale and encode one picture for a rung")
                .tag("rung", rung.name()).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    void queued(int frames) {
        queuedFrames.record(frames);
    }
}
