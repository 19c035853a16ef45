package com.courtcast.edge;

/**
 * How long a stored response may be served: fresh for {@code freshNanos}; then, for
 * {@code revalidateNanos} more, served at once while one background request refreshes it
 * (stale-while-revalidate, RFC 5861 3); and until {@code staleNanos} past freshness, served only
 * when the origins fail (stale-if-error, RFC 5861 4), then dropped. The revalidate window never
 * reaches past the stale-if-error one.
 */
record Freshness(long freshNanos, long revalidateNanos, long staleNanos) {

    Freshness {
        revalidateNanos = Math.max(0, Math.min(revalidateNanos, staleNanos));
    }

    /** A response never served while it is being refreshed. */
    Freshness(long freshNanos, long staleNanos) {
        this(freshNanos, 0, staleNanos);
    }

    long lifetimeNanos() {
        return Math.min(Long.MAX_VALUE / 4, freshNanos + staleNanos);
    }
}
