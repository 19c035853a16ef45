package com.courtcast.edge;

import java.util.Locale;

/**
 * The directives of an origin's {@code Cache-Control} header that a shared cache obeys
 * (RFC 9111 5.2.2): {@code no-store} and {@code private} forbid storing, {@code s-maxage} wins
 * over {@code max-age}; {@code must-revalidate} and {@code proxy-revalidate} forbid serving a stale
 * copy while it is refreshed, {@code stale-while-revalidate} (RFC 5861 3) sets how long that may last.
 *
 * @param storable false for no-store or private
 * @param maxAgeSeconds the freshness lifetime the origin gave, -1 when it gave none
 * @param mustRevalidate true for must-revalidate or proxy-revalidate: never served stale while refreshed
 * @param staleWhileRevalidateSeconds the origin's stale-while-revalidate, -1 when it gave none
 */
record CacheControl(boolean storable, long maxAgeSeconds, boolean mustRevalidate, long staleWhileRevalidateSeconds) {

    static final CacheControl NONE = new CacheControl(true, -1, false, -1);

    static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean storable = true;
        long maxAge = -1;
        long sharedMaxAge = -1;
        boolean mustRevalidate = false;
        long staleWhileRevalidate = -1;
        for (String directive : header.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("private") || d.startsWith("private=") || d.equals("no-cache")) {
                // no-cache would need revalidation on every use; an edge that cannot revalidate must not store.
                storable = false;
            } else if (d.startsWith("s-maxage=")) {
                sharedMaxAge = seconds(d.substring(9));
            } else if (d.startsWith("max-age=")) {
                maxAge = seconds(d.substring(8));
            } else if (d.equals("must-revalidate") || d.equals("proxy-revalidate")) {
                mustRevalidate = true;
            } else if (d.startsWith("stale-while-revalidate=")) {
                staleWhileRevalidate = seconds(d.substring(23));
            }
        }
        return new CacheControl(storable, sharedMaxAge >= 0 ? sharedMaxAge : maxAge, mustRevalidate, staleWhileRevalidate);
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.replace("\"", "").trim()));
        } catch (NumberFormatException e) {
            // RFC 9111 4.2.1: an invalid freshness lifetime means stale.
            return 0;
        }
    }
}
