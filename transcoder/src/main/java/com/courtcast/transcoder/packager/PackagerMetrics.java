package com.courtcast.transcoder.packager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/** What the packagers of a node report: parts made, forced cuts, and how late parts are listed. */
public final class PackagerMetrics {

    private final Timer partLag;
    private final Counter parts;
    private final Counter segments;
    private final Counter forcedCuts;
    private final Counter timestampGaps;

    public PackagerMetrics(MeterRegistry registry) {
        this.partLag = Timer.builder("courtcast_packager_part_lag")
                .description("From a part's last frame reaching the packager to the part being listed in its playlist")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        this.parts = Counter.builder("courtcast_packager_parts").description("Parts packaged").register(registry);
        this.segments = Counter.builder("courtcast_packager_segments").description("Segments packaged")
                .register(registry);
        this.forcedCuts = Counter.builder("courtcast_packager_forced_cuts")
                .description("Segments cut without a keyframe because the encoder's GOP outgrew the target duration")
                .register(registry);
        this.timestampGaps = Counter.builder("courtcast_packager_timestamp_gaps")
                .description("Parts listed as PART-TARGET long across a jump in the publisher's timestamps")
                .register(registry);
    }

    /** Metrics nobody reads (tests, tools). */
    public static PackagerMetrics discarded() {
        return new PackagerMetrics(new SimpleMeterRegistry());
    }

    void partListed(long lagNanos) {
        parts.increment();
        partLag.record(lagNanos, TimeUnit.NANOSECONDS);
    }

    void segmentClosed() {
        segments.increment();
    }

    void forcedCut() {
        forcedCuts.increment();
    }

    void timestampGap() {
        timestampGaps.increment();
    }
}
