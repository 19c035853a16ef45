package com.courtcast.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The edge's operator endpoints on its own port: {@code /healthz} (ready, or 503 with the reason),
 * {@code /load} (connections, egress, cache bytes and the capacity they are measured against, for
 * the DNS balancer) and {@code /metrics} (Prometheus text, rendered off the event loop).
 */
final class OpsEndpoints {

    private final EdgeConfig config;
    private final OriginSet origins;
    private final EdgeCache cache;
    private final LoadMeter load;
    private final Supplier<String> metricsText;
    private final Executor scrapeExecutor;

    OpsEndpoints(EdgeConfig config, OriginSet origins, EdgeCache cache, LoadMeter load, Supplier<String> metricsText,
                 Executor scrapeExecutor) {
        this.config = config;
        this.origins = origins;
        this.cache = cache;
        this.load = load;
        this.metricsText = metricsText;
        this.scrapeExecutor = scrapeExecutor;
    }

    static boolean handles(String path) {
        return path.equals("/healthz") || path.equals("/load") || path.equals("/metrics");
    }

    /** Answers {@code path}; the response goes to {@code reply} on the connection's event loop. */
    void answer(ChannelHandlerContext ctx, String path, java.util.function.Consumer<FullHttpResponse> reply) {
        switch (path) {
            case "/healthz" -> reply.accept(health());
            case "/load" -> reply.accept(load());
            default -> {
                if (metricsText == null) {
                    reply.accept(EdgeResponses.text(HttpResponseStatus.NOT_FOUND, "no metrics registry"));
                    return;
                }
                scrapeExecutor.execute(() -> {
                    String text = metricsText.get();
                    ctx.executor().execute(() -> reply.accept(EdgeResponses.body(HttpResponseStatus.OK,
                            "text/plain; version=0.0.4; charset=utf-8", text)));
                });
            }
        }
    }

    private FullHttpResponse health() {
        String problem = origins.problem();
        String json = problem == null
                ? "{\"status\":\"ready\"}"
                : "{\"status\":\"not ready\",\"reason\":\"" + Json.escape(problem) + "\"}";
        return EdgeResponses.body(problem == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "application/json", json);
    }

    private FullHttpResponse load() {
        int connections = load.connections();
        double egress = load.egressBitsPerSecond();
        double utilisation = Math.max(connections / (double) config.maxConnections(),
                egress / config.egressCapacityBitsPerSecond());
        String json = String.format(Locale.ROOT, "{\"connections\":%d,\"maxConnections\":%d,"
                        + "\"egressBitsPerSecond\":%.0f,\"egressCapacityBitsPerSecond\":%d,"
                        + "\"cacheBytes\":%d,\"cacheMaxBytes\":%d,\"cacheEntries\":%d,\"inFlight\":%d,"
                        + "\"load\":%.4f,\"ready\":%s}",
                connections, config.maxConnections(), egress, config.egressCapacityBitsPerSecond(),
                cache.weightedBytes(), config.cacheMaxBytes(), cache.entries(), cache.inFlightCount(),
                utilisation, origins.problem() == null);
        return EdgeResponses.body(HttpResponseStatus.OK, "application/json", json);
    }

    /** Just enough JSON string escaping for reasons made of URLs and exception messages. */
    static final class Json {
        private Json() {
        }

        static String escape(String text) {
            StringBuilder out = new StringBuilder(text.length() + 8);
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }
    }
}
