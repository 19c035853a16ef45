package com.courtcast.origin.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorder's meters (names as exported to Prometheus):
 * {@code courtcast_recording_bytes_total{stream}} (init and media bytes made durable),
 * {@code courtcast_recording_segments_total{stream}} (media segments journaled),
 * {@code courtcast_recording_failures_total{stream}} (writes that failed or were refused),
 * {@code courtcast_recording_fsync_seconds} (latency of each fsync) and
 * {@code courtcast_recording_queued_bytes} (segment bytes waiting for the disk, all sessions).
 */
final class RecordingMetrics {

    /** The meters of one stream. */
    record StreamMeters(Counter bytes, Counter segments, Counter failures) {
    }

    private final MeterRegistry registry;
    private final Timer fsync;
    private final AtomicLong queuedBytes = new AtomicLong();

    RecordingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.fsync = fsyncTimer(registry);
        registry.gauge("courtcast.recording.queued.bytes", queuedBytes);
    }

    static Timer fsyncTimer(MeterRegistry registry) {
        return Timer.builder("courtcast.recording.fsync")
                .description("Time to force a recording file, journal or directory to the device")
                .register(registry);
    }

    Timer fsync() {
        return fsync;
    }

    AtomicLong queuedBytes() {
        return queuedBytes;
    }

    StreamMeters stream(String stream) {
        return new StreamMeters(
                Counter.builder("courtcast.recording.bytes").baseUnit("bytes").tag("stream", stream)
                        .description("Init and media segment bytes durably recorded").register(registry),
                Counter.builder("courtcast.recording.segments").tag("stream", stream)
                        .description("Media segments durably recorded and journaled").register(registry),
                Counter.builder("courtcast.recording.failures").tag("stream", stream)
                        .description("Recording writes that failed or were refused; each leaves a gap")
                        .register(registry));
    }
}
