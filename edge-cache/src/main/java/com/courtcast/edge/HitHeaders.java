package com.courtcast.edge;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The response headers of a cached entry's hits, built once per second of {@code Age} (and
 * {@code X-Cache} value) and shared by every hit in that second, instead of a copy per request:
 * at tens of thousands of hits a second the copies were most of the edge's garbage. The
 * thousands of viewers a coalesced miss answers at once share them the same way. Values are
 * {@link AsciiString}s, which the HTTP/1.1 encoder copies as bytes.
 *
 * <p>A shared object must never change: callers use it only where nothing downstream edits
 * headers (a 200 to an HTTP/1.1 keep-alive request, whose {@code Connection} header the keep-alive
 * handler leaves alone).
 */
final class HitHeaders {

    private static final AsciiString X_CACHE = AsciiString.cached("X-Cache");
    static final String HIT = "HIT";

    private record Built(long ageSeconds, HttpHeaders headers) {
    }

    private final HttpHeaders origin;
    private final Map<String, Built> built = new ConcurrentHashMap<>(4);

    /** @param origin the entry's complete headers; not changed afterwards */
    HitHeaders(HttpHeaders origin) {
        this.origin = origin;
    }

    /** Headers for a hit with this {@code Age}; the caller must not change them. */
    HttpHeaders at(long ageSeconds) {
        return at(ageSeconds, HIT);
    }

    /**
     * Headers with this {@code Age} and {@code X-Cache} value (the lookup's outcome: few values);
     * the caller must not change them.
     */
    HttpHeaders at(long ageSeconds, String xCache) {
        Built current = built.get(xCache);
        if (current != null && current.ageSeconds() == ageSeconds) {
            return current.headers();
        }
        // Two threads may both build for a new second; either result is right.
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (Map.Entry<String, String> header : origin) {
            headers.add(AsciiString.of(header.getKey()), AsciiString.of(header.getValue()));
        }
        headers.set(HttpHeaderNames.AGE, AsciiString.of(Long.toString(ageSeconds))).set(X_CACHE, AsciiString.of(xCache));
        built.put(xCache, new Built(ageSeconds, headers));
        return headers;
    }
}
