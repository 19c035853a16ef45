package com.courtcast.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's cache: complete responses in Caffeine (bounded by bytes, each entry expiring when its
 * stale-if-error window ends) and responses still arriving in a map of fills in flight.
 *
 * <p>Design: a lookup finds a fresh cached response (a hit), or joins the fill already in flight
 * for the key (coalesced: concurrent misses make one origin request and all stream its bytes),
 * or starts that fill itself (a miss). An entry just past freshness (in its revalidate window) is
 * served at once while one background fill refreshes it (updating; the fill is shared with any
 * viewer that misses meanwhile). An expired entry still in its stale window comes along as a
 * fallback for when the origins fail. A completed fill enters the cache before it leaves the
 * in-flight map, so no lookup in between starts a second origin request. A live media playlist
 * with a preload hint makes the edge ask for the hinted part at once (the origin holds that request
 * until the part is complete), so the part is here when viewers ask.
 */
final class EdgeCache implements UpstreamClient.Finisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeCache.class);

    /** The result of a lookup; the caller owns one reference on {@code fill} and on {@code stale} (if any). */
    record Lookup(Fill fill, Outcome outcome, Fill stale) {
    }

    enum Outcome { HIT, MISS, COALESCED, UPDATING }

    private final EdgeConfig config;
    private final CachePolicy policy;
    private final Ticker ticker;
    private final EdgeMetrics metrics;
    private final Function<RequestKey, String> upstreamUri;
    private final ByteBufAllocator allocator;
    private final Cache<String, Fill> cache;
    private final ConcurrentHashMap<String, Fill> inFlight = new ConcurrentHashMap<>();
    private volatile UpstreamClient upstream;
    private volatile boolean closed;

    /**
     * @param upstreamUri the path and query to ask an origin for (the key, plus the edge's own token
     *                    for a restricted stream)
     */
    EdgeCache(EdgeConfig config, Ticker ticker, EdgeMetrics metrics, Function<RequestKey, String> upstreamUri,
              ByteBufAllocator allocator) {
        this.config = config;
        this.policy = new CachePolicy(config);
        this.ticker = ticker;
        this.metrics = metrics;
        this.upstreamUri = upstreamUri;
        this.allocator = allocator;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(config.cacheMaxBytes())
                .weigher((String key, Fill fill) -> fill.weight())
                .expireAfter(new Expiry<String, Fill>() {
                    @Override
                    public long expireAfterCreate(String key, Fill fill, long now) {
                        return fill.lifetimeLeftNanos(now);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Fill fill, long now, long currentDuration) {
                        return fill.lifetimeLeftNanos(now);
                    }

                    @Override
                    public long expireAfterRead(String key, Fill fill, long now, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                // Releasing is cheap and must not wait for another thread.
                .executor(Runnable::run)
                .removalListener((String key, Fill fill, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (fill != null) {
                        fill.release();
                    }
                })
                .build();
    }

    void upstream(UpstreamClient client) {
        this.upstream = client;
    }

    /** Finds or starts the response for {@code key}. */
    Lookup lookup(RequestKey key) {
        Fill stale = null;
        Fill cached = cache.getIfPresent(key.key());
        if (cached != null && cached.tryRetain()) {
            long now = ticker.read();
            if (cached.freshAt(now)) {
                return new Lookup(cached, Outcome.HIT, null);
            }
            if (cached.revalidatableAt(now)) {
                refresh(key);
                return new Lookup(cached, Outcome.UPDATING, null);
            }
            stale = cached;
        }
        return join(key, stale);
    }

    /** Starts a background fill of {@code key} unless one is in flight; its completion replaces the cached entry. */
    private void refresh(RequestKey key) {
        if (inFlight.containsKey(key.key())) {
            return;
        }
        join(key, null).fill().release();
    }

    /** Joins the fill in flight for {@code key}, or starts one. */
    private Lookup join(RequestKey key, Fill stale) {
        for (;;) {
            Fill flying = inFlight.get(key.key());
            if (flying != null) {
                if (flying.tryRetain()) {
                    return new Lookup(flying, Outcome.COALESCED, stale);
                }
                inFlight.remove(key.key(), flying);
                continue;
            }
            // A fill completes by entering the cache, then leaving inFlight: one that completed
            // since this request missed the cache is there now, and must not be asked for again.
            Fill landed = cache.getIfPresent(key.key());
            if (landed != null && landed != stale && landed.tryRetain()) {
                if (landed.freshAt(ticker.read())) {
                    if (stale != null) {
                        stale.release();
                    }
                    return new Lookup(landed, Outcome.HIT, null);
                }
                landed.release();
            }
            Fill fill = new Fill(key, ticker.read());
            if (inFlight.putIfAbsent(key.key(), fill) != null) {
                continue;
            }
            fill.tryRetain();
            start(fill);
            return new Lookup(fill, Outcome.MISS, stale);
        }
    }

    private void start(Fill fill) {
        RequestKey key = fill.key();
        long timeout = switch (key.type()) {
            case BLOCKING_PLAYLIST, MEDIA -> config.blockingTimeout().toNanos();
            default -> config.upstreamTimeout().toNanos();
        };
        if (closed) {
            fill.fail("edge closing");
            failed(fill, "edge closing");
            return;
        }
        upstream.fetch(fill, upstreamUri.apply(key), timeout, this);
    }

    /** Makes sure {@code key} is cached or on its way, without a viewer waiting for it. */
    void prefetch(RequestKey key) {
        Fill cached = cache.getIfPresent(key.key());
        if (cached != null || inFlight.containsKey(key.key())) {
            return;
        }
        Lookup lookup = lookup(key);
        if (lookup.outcome() == Outcome.MISS) {
            metrics.prefetched(key.type());
        }
        lookup.fill().release();
        if (lookup.stale() != null) {
            lookup.stale().release();
        }
    }

    @Override
    public void finished(Fill fill, boolean verifiable, String cacheControl, long originAgeSeconds) {
        RequestKey key = fill.key();
        ByteBuf body = fill.seal(allocator);
        if (body == null) {
            String why = "body length did not match Content-Length";
            fill.fail(why);
            failed(fill, why);
            return;
        }
        long now = ticker.read();
        int status = fill.status().code();
        PlaylistFacts facts = key.type().playlist() && status == 200
                ? PlaylistFacts.scan(body.toString(StandardCharsets.UTF_8)) : null;
        Freshness freshness = verifiable ? policy.freshness(key.type(), status, cacheControl, facts) : null;
        fill.publish(freshness, now, originAgeSeconds);
        metrics.originFetched(key.type(), now - fill.startedNanos());
        if (fill.takeCreatorRef()) {
            if (fill.cacheable() && !closed) {
                cache.put(key.key(), fill);
            } else {
                fill.release();
            }
        }
        inFlight.remove(key.key(), fill);
        if (facts != null && facts.preloadHintUri() != null && !facts.ended() && !closed) {
            RequestKey hinted = resolve(key, facts.preloadHintUri());
            if (hinted != null) {
                prefetch(hinted);
            }
        }
    }

    @Override
    public void failed(Fill fill, String why) {
        metrics.originFailed(fill.key().type());
        log.debug("fill of {} failed: {}", fill.key().key(), why);
        inFlight.remove(fill.key().key(), fill);
        if (fill.takeCreatorRef()) {
            fill.release();
        }
    }

    /** A URI from a playlist, relative to that playlist, as a key; null for URIs on other hosts. */
    static RequestKey resolve(RequestKey playlist, String uri) {
        if (uri.contains("://")) {
            return null;
        }
        return RequestKey.parse(uri.startsWith("/") ? uri : playlist.directory() + uri);
    }

    long weightedBytes() {
        return cache.policy().eviction().map(Policy.Eviction::weightedSize).flatMap(w -> w.isPresent()
                ? java.util.Optional.of(w.getAsLong()) : java.util.Optional.empty()).orElse(0L);
    }

    long entries() {
        return cache.estimatedSize();
    }

    int inFlightCount() {
        return inFlight.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Fill fill : inFlight.values()) {
            fill.fail("edge closing");
            inFlight.remove(fill.key().key(), fill);
            if (fill.takeCreatorRef()) {
                fill.release();
            }
        }
        cache.invalidateAll();
        cache.cleanUp();
    }
}
