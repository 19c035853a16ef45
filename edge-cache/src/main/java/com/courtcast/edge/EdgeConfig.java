package com.courtcast.edge;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import com.courtcast.common.playback.PlaybackConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an edge can be told, read once from {@link Settings} ({@code edge.*} keys plus the
 * shared {@code playback.*} keys) and validated there, so a bad value stops start-up naming the key.
 *
 * @param bindHost address to listen on
 * @param port HTTP port (0 picks a free one)
 * @param origins upstream base URLs, tried in order (the first healthy one serves)
 * @param eventLoopThreads Netty event loops serving viewers
 * @param upstreamEventLoopThreads Netty event loops of the origin connections: apart from the viewers' loops, so an
 *                                 origin's answer is read the moment it lands, never after a fan-out to thousands
 * @param maxConnections viewer connections past this are closed at accept
 * @param idleTimeout a viewer connection with no traffic this long is closed
 * @param cacheMaxBytes total weight of cached responses (bodies plus a small overhead each)
 * @param maxObjectBytes largest response the edge takes from an origin (it holds each one whole while it streams)
 * @param errorTtl how long an error response from an origin is reused (at most 1 s)
 * @param llPlaylistTtl upper bound on the freshness of an LL-HLS media playlist (also at most half a part)
 * @param revalidateWindow how long past freshness a response is served while one background request refreshes
 *                         it; null for the default by type (see {@link CachePolicy}), zero to never do so
 * @param blockingTargetDurations how many target durations a blocking-reload response is reused
 * @param stalePlaylistTargetDurations how many target durations past expiry a playlist is served when origins fail
 * @param staleOther how long past expiry other responses (player page, assets) are served when origins fail
 * @param connectTimeout time to open a connection to an origin
 * @param upstreamTimeout time for an origin to start answering (and longest pause inside a body)
 * @param blockingTimeout the same for requests an origin may hold (blocking reloads, hinted parts)
 * @param upstreamMaxConnections connections per origin
 * @param originRetryAfter an origin that failed is skipped this long before it is tried again
 * @param egressCapacityBitsPerSecond what this edge may send, reported on /load for the DNS balancer
 * @param playback restricted streams and the shared signing key
 * @param tlsCertificate PEM certificate chain; with it the port speaks TLS (HTTP/2 or HTTP/1.1 by ALPN), null for cleartext
 * @param tlsPrivateKey PEM (PKCS#8) private key of {@code tlsCertificate}
 */
public record EdgeConfig(String bindHost, int port, List<URI> origins, int eventLoopThreads,
                         int upstreamEventLoopThreads, int maxConnections, Duration idleTimeout, long cacheMaxBytes,
                         long maxObjectBytes, Duration errorTtl, Duration llPlaylistTtl,
                         Duration revalidateWindow, int blockingTargetDurations, int stalePlaylistTargetDurations, Duration staleOther,
                         Duration connectTimeout, Duration upstreamTimeout, Duration blockingTimeout,
                         int upstreamMaxConnections, Duration originRetryAfter, long egressCapacityBitsPerSecond,
                         PlaybackConfig playback, Path tlsCertificate, Path tlsPrivateKey) {

    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8081;
    public static final long DEFAULT_CACHE_MAX_BYTES = 512L << 20;
    public static final long DEFAULT_MAX_OBJECT_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ERROR_TTL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LL_PLAYLIST_TTL = Duration.ofSeconds(1);
    /** {@code edge.cache.revalidateWindow}'s default: one part target, half a target duration or 1 s, by type. */
    private static final String AUTO = "auto";
    public static final int DEFAULT_BLOCKING_TARGET_DURATIONS = 6;
    public static final int DEFAULT_STALE_PLAYLIST_TARGET_DURATIONS = 3;
    public static final Duration DEFAULT_STALE_OTHER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_BLOCKING_TIMEOUT = Duration.ofSeconds(12);
    public static final int DEFAULT_UPSTREAM_MAX_CONNECTIONS = 512;
    public static final Duration DEFAULT_ORIGIN_RETRY_AFTER = Duration.ofSeconds(1);
    public static final long DEFAULT_EGRESS_CAPACITY = 1_000_000_000L;

    public static EdgeConfig from(Settings settings) {
        return new EdgeConfig(
                settings.string("edge.bindHost", settings.string("node.bindHost", DEFAULT_BIND_HOST)),
                settings.integer("edge.port", DEFAULT_PORT, 0, 65535),
                parseOrigins(settings.string("edge.origins", "")),
                settings.integer("edge.eventLoopThreads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                settings.integer("edge.upstream.eventLoopThreads", 1, 1, 64),
                settings.integer("edge.maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
                settings.duration("edge.idleTimeout", DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.longValue("edge.cache.maxBytes", DEFAULT_CACHE_MAX_BYTES, 1, Long.MAX_VALUE / 2),
                settings.longValue("edge.cache.maxObjectBytes", DEFAULT_MAX_OBJECT_BYTES, 1, Integer.MAX_VALUE - 1024),
                settings.duration("edge.cache.errorTtl", DEFAULT_ERROR_TTL, Duration.ZERO, Duration.ofSeconds(1)),
                settings.duration("edge.cache.llPlaylistTtl", DEFAULT_LL_PLAYLIST_TTL, Duration.ZERO, Duration.ofSeconds(10)),
                revalidateWindow(settings),
                settings.integer("edge.cache.blockingTargetDurations", DEFAULT_BLOCKING_TARGET_DURATIONS, 0, 100),
                settings.integer("edge.stale.playlistTargetDurations", DEFAULT_STALE_PLAYLIST_TARGET_DURATIONS, 0, 100),
                settings.duration("edge.stale.other", DEFAULT_STALE_OTHER, Duration.ZERO, Duration.ofDays(1)),
                settings.duration("edge.upstream.connectTimeout", DEFAULT_CONNECT_TIMEOUT,
                        Duration.ofMillis(10), Duration.ofMinutes(1)),
                settings.duration("edge.upstream.timeout", DEFAULT_UPSTREAM_TIMEOUT, Duration.ofMillis(10), Duration.ofMinutes(5)),
                settings.duration("edge.upstream.blockingTimeout", DEFAULT_BLOCKING_TIMEOUT,
                        Duration.ofMillis(10), Duration.ofMinutes(5)),
                settings.integer("edge.upstream.maxConnections", DEFAULT_UPSTREAM_MAX_CONNECTIONS, 1, 100_000),
                settings.duration("edge.upstream.retryAfter", DEFAULT_ORIGIN_RETRY_AFTER, Duration.ZERO, Duration.ofMinutes(10)),
                settings.longValue("edge.capacity.egressBitsPerSecond", DEFAULT_EGRESS_CAPACITY, 1, Long.MAX_VALUE / 16),
                PlaybackConfig.from(settings),
                readableFile(settings, "edge.tls.certificate"),
                readableFile(settings, "edge.tls.privateKey"));
    }

    public EdgeConfig {
        origins = List.copyOf(origins);
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new ConfigException("edge.tls.certificate and edge.tls.privateKey must be set together, was "
                    + (tlsCertificate == null ? "only edge.tls.privateKey" : "only edge.tls.certificate"));
        }
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    private static Duration revalidateWindow(Settings settings) {
        String key = "edge.cache.revalidateWindow";
        if (settings.string(key, AUTO).trim().equalsIgnoreCase(AUTO)) {
            return null;
        }
        return settings.duration(key, null, Duration.ZERO, Duration.ofMinutes(10));
    }

    private static Path readableFile(Settings settings, String key) {
        String value = settings.string(key, "");
        if (value.isBlank()) {
            return null;
        }
        Path path = Path.of(value.trim());
        if (!Files.isReadable(path)) {
            throw new ConfigException(key + " must be a readable file, was '" + value + "'");
        }
        return path;
    }

    /** {@code http://host:port} URLs separated by commas; at least one. */
    static List<URI> parseOrigins(String text) {
        List<URI> origins = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException("edge.origins must be http://HOST:PORT URLs, was '" + trimmed + "'");
            }
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw new ConfigException("edge.origins must be http://HOST:PORT URLs, was '" + trimmed + "'");
            }
            origins.add(URI.create("http://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort())));
        }
        if (origins.isEmpty()) {
            throw new ConfigException("edge.origins must name at least one origin (--origin URL), was '" + text + "'");
        }
        return origins;
    }
}
