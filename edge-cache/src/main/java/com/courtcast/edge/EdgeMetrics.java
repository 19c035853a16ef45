package com.courtcast.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The edge's Prometheus metrics, every meter registered up front so that counting a request
 * is one array lookup and one add: requests by resource type and result (hit, miss, coalesced,
 * updating (served stale while refreshed), stale (served while origins fail), refused), origin fetch latency and failures by type, prefetches, bytes sent.
 */
public final class EdgeMetrics {

    enum Result { HIT, MISS, COALESCED, UPDATING, STALE, REFUSED }

    private final MeterRegistry registry;
    private final Map<ResourceType, Counter[]> requests = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, Timer> fetches = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, Counter> failures = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, Counter> prefetches = new EnumMap<>(ResourceType.class);
    private final LongAdder bytesOut = new LongAdder();

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ResourceType type : ResourceType.values()) {
            Counter[] byResult = new Counter[Result.values().length];
            for (Result result : Result.values()) {
                byResult[result.ordinal()] = Counter.builder("courtcast.edge.requests")
                        .description("Viewer requests by resource type and how the edge answered them")
                        .tag("type", type.label()).tag("result", result.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry);
            }
            requests.put(type, byResult);
            fetches.put(type, Timer.builder("courtcast.edge.origin.fetch")
                    .description("Time from asking an origin to having the whole response")
                    .tag("type", type.label())
                    .publishPercentiles(0.5, 0.99)
                    .register(registry));
            failures.put(type, Counter.builder("courtcast.edge.origin.failures")
                    .description("Origin fetches that failed, timed out or were cut short")
                    .tag("type", type.label()).register(registry));
            prefetches.put(type, Counter.builder("courtcast.edge.prefetches")
                    .description("Objects fetched ahead of viewers (preload-hinted parts)")
                    .tag("type", type.label()).register(registry));
        }
        FunctionCounter.builder("courtcast.edge.egress", bytesOut, LongAdder::sum)
                .description("Bytes written to viewers").baseUnit("bytes").register(registry);
    }

    /** Gauges read from live objects (cache size, connections) when scraped. */
    <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    void request(ResourceType type, Result result) {
        requests.get(type)[result.ordinal()].increment();
    }

    void originFetched(ResourceType type, long nanos) {
        fetches.get(type).record(nanos, TimeUnit.NANOSECONDS);
    }

    void originFailed(ResourceType type) {
        failures.get(type).increment();
    }

    void prefetched(ResourceType type) {
        prefetches.get(type).increment();
    }

    void bytesOut(long bytes) {
        bytesOut.add(bytes);
    }

    long bytesOut() {
        return bytesOut.sum();
    }

    /** For tests and /load: how many requests of a type got a result. */
    long count(ResourceType type, Result result) {
        return (long) requests.get(type)[result.ordinal()].count();
    }
}
