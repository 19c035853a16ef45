package com.courtcast.origin.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The origin's HTTP metrics: requests by resource, held requests and what became of them. */
final class OriginHttpMetrics {

    /** What a live request asked for; edges in front of the origin are judged by these counts. */
    enum Resource {
        MULTIVARIANT, PLAYLIST, BLOCKING_PLAYLIST, INIT, SEGMENT, PART
    }

    private final MeterRegistry registry;
    private final Map<Resource, Counter> requests = new EnumMap<>(Resource.class);
    private final Timer blockingWait;
    private final Timer blockingAnswerDelay;
    private final Counter hintedParts;
    private final Map<Integer, Counter> refusals = new ConcurrentHashMap<>();

    OriginHttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.blockingWait = Timer.builder("courtcast_origin_blocking_wait")
                .description("How long blocking playlist requests were held before their answer")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        // Buckets besides the sliding percentiles, so a share "within 10 ms" can be counted over any
        // window from two scrapes.
        this.blockingAnswerDelay = Timer.builder("courtcast_origin_blocking_answer_delay")
                .description("From the playlist change a held request waited for to its answer being written")
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry);
        this.hintedParts = Counter.builder("courtcast_origin_hinted_part_requests")
                .description("Requests for a preload-hinted part held until it completed")
                .register(registry);
        for (Resource resource : Resource.values()) {
            requests.put(resource, Counter.builder("courtcast_origin_live_requests")
                    .description("Live requests received, by what they asked for")
                    .tag("resource", resource.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void requested(Resource resource) {
        requests.get(resource).increment();
    }

    void blockingAnswered(long heldNanos, long sinceAvailableNanos) {
        blockingWait.record(heldNanos, TimeUnit.NANOSECONDS);
        blockingAnswerDelay.record(sinceAvailableNanos, TimeUnit.NANOSECONDS);
    }

    void hintedPartRequested() {
        hintedParts.increment();
    }

    void refused(int status) {
        refusals.computeIfAbsent(status, code -> Counter.builder("courtcast_origin_playlist_refusals")
                .description("Media playlist requests answered with an error, by status")
                .tag("status", Integer.toString(code))
                .register(registry)).increment();
    }
}
