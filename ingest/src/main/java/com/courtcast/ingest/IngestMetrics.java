package com.courtcast.ingest;

import com.courtcast.common.media.TrackType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The ingest's Prometheus meters (names as exported): {@code courtcast_ingest_publishers_active},
 * {@code courtcast_ingest_connections_active}, {@code courtcast_ingest_bytes_total{type}} (audio/video message bodies),
 * {@code courtcast_ingest_data_messages_total},
 * {@code courtcast_ingest_frames_total{type}}, {@code courtcast_ingest_rejects_total{reason}},
 * {@code courtcast_ingest_gop_seconds{stream}} and
 * {@code courtcast_ingest_consumer_dropped_frames_total{stream,consumer}}.
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter videoBytes;
    private final Counter audioBytes;
    private final Counter dataMessages;
    private final Counter videoFrames;
    private final Counter audioFrames;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("courtcast.ingest.connections.active", connections);
        videoBytes = bytes("video");
        audioBytes = bytes("audio");
        dataMessages = Counter.builder("courtcast.ingest.data.messages")
                .description("Data messages (metadata) received from publishers").register(registry);
        videoFrames = frames("video");
        audioFrames = frames("audio");
    }

    /** Meters kept in memory only, for tests and tools that do not export them. */
    public static IngestMetrics inMemory() {
        return new IngestMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter bytes(String type) {
        return Counter.builder("courtcast.ingest.bytes").baseUnit("bytes").tag("type", type)
                .description("Media and data bytes received from publishers").register(registry);
    }

    private Counter frames(String type) {
        return Counter.builder("courtcast.ingest.frames").tag("type", type)
                .description("Access units received from publishers").register(registry);
    }

    public <T> void publishersGauge(T source, ToDoubleFunction<T> count) {
        registry.gauge("courtcast.ingest.publishers.active", Tags.empty(), source, count);
    }

    public AtomicInteger connections() {
        return connections;
    }

    /** Counts the body of an audio or video message as received, before demuxing. */
    public void mediaBytes(TrackType track, int bytes) {
        (track == TrackType.VIDEO ? videoBytes : audioBytes).increment(bytes);
    }

    /** Counts one demuxed access unit. */
    public void frame(TrackType track) {
        (track == TrackType.VIDEO ? videoFrames : audioFrames).increment();
    }

    public void dataMessage() {
        dataMessages.increment();
    }

    public void reject(String reason) {
        Counter.builder("courtcast.ingest.rejects").tag("reason", reason)
                .description("Connections or publishes refused or closed, by reason").register(registry).increment();
    }

    public DistributionSummary gop(String stream) {
        return DistributionSummary.builder("courtcast.ingest.gop").baseUnit("seconds").tag("stream", stream)
                .description("Media time between keyframes").register(registry);
    }

    public Counter consumerDrops(String stream, String consumer) {
        return Counter.builder("courtcast.ingest.consumer.dropped.frames").tag("stream", stream)
                .tag("consumer", consumer).description("Access units a slow consumer lost").register(registry);
    }
}
