package com.courtcast.edge;

/**
 * How long a stored response may be served: fresh for {@code freshNanos}, then served only when
 * the origins fail (stale-if-error, RFC 5861) for {@code staleNanos} more, then dropped.
 */
record Freshness(long freshNanos, long staleNanos) {

    long lifetimeNanos() {
        return Math.min(Long.MAX_VALUE / 4, freshNanos + staleNanos);
    }
}
