package com.courtcast.edge;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origins an edge fills from, in order of preference, and which of them failed lately.
 * A failed origin is tried last for {@code retryAfter} and then in its place again, so the edge
 * recovers by itself when the origin comes back; with every origin failing they are all still
 * tried, in order, so the first to recover serves.
 */
final class OriginSet {

    private static final Logger log = LoggerFactory.getLogger(OriginSet.class);

    static final class Origin {
        final URI uri;
        final String hostHeader;
        private volatile long downUntilNanos;
        private volatile String lastProblem;

        Origin(URI uri) {
            this.uri = uri;
            this.hostHeader = uri.getHost() + ":" + uri.getPort();
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    private final List<Origin> origins;
    private final long retryAfterNanos;
    private final LongSupplier nanoTime;

    OriginSet(List<URI> uris, long retryAfterNanos, LongSupplier nanoTime) {
        this.origins = uris.stream().map(Origin::new).toList();
        this.retryAfterNanos = retryAfterNanos;
        this.nanoTime = nanoTime;
    }

    /** The origins to try for one request: healthy ones first, each in configured order. */
    List<Origin> order() {
        long now = nanoTime.getAsLong();
        List<Origin> healthy = new ArrayList<>(origins.size());
        List<Origin> failing = new ArrayList<>(0);
        for (Origin origin : origins) {
            (up(origin, now) ? healthy : failing).add(origin);
        }
        healthy.addAll(failing);
        return healthy;
    }

    void failed(Origin origin, String problem) {
        if (origin.lastProblem == null) {
            log.warn("origin {} failing: {} (serving stale copies where held; retrying in {} ms)", origin, problem,
                    retryAfterNanos / 1_000_000);
        }
        origin.lastProblem = problem;
        origin.downUntilNanos = nanoTime.getAsLong() + retryAfterNanos;
    }

    void succeeded(Origin origin) {
        if (origin.lastProblem != null) {
            log.info("origin {} answering again", origin);
            origin.lastProblem = null;
            origin.downUntilNanos = nanoTime.getAsLong();
        }
    }

    /** Null while some origin is healthy, else why none is. */
    String problem() {
        long now = nanoTime.getAsLong();
        if (origins.stream().anyMatch(o -> up(o, now))) {
            return null;
        }
        return "every origin is failing: " + origins.stream()
                .map(o -> o.uri + " (" + o.lastProblem + ")").collect(Collectors.joining(", "));
    }

    List<Origin> all() {
        return origins;
    }

    private static boolean up(Origin origin, long now) {
        return origin.lastProblem == null || now - origin.downUntilNanos >= 0;
    }
}
