package com.courtcast.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP listener: the operator endpoints every node serves, Prometheus text at
 * {@code /metrics} and readiness at {@code /healthz} (200 when every role is ready, 503 naming the
 * one that is not), plus the routes of the roles that serve HTTP (the origin's /live and /vod).
 */
final class OpsHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

    private final Vertx vertx;
    private final HttpConfig config;
    private final PrometheusMeterRegistry metrics;
    private final Supplier<Map<String, String>> problemsByRole;
    private final Consumer<Router> roleRoutes;
    private HttpServer server;

    /**
     * @param problemsByRole for each role, null when ready or the reason it is not
     * @param roleRoutes mounts the roles' own routes (the origin's /live and /vod)
     */
    OpsHttpServer(Vertx vertx, HttpConfig config, PrometheusMeterRegistry metrics,
                  Supplier<Map<String, String>> problemsByRole, Consumer<Router> roleRoutes) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.problemsByRole = problemsByRole;
        this.roleRoutes = roleRoutes;
    }

    InetSocketAddress start() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> vertx.<String>executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text))
                .onFailure(ctx::fail));
        router.get("/healthz").handler(ctx -> {
            JsonObject roles = new JsonObject();
            boolean ready = true;
            for (Map.Entry<String, String> role : problemsByRole.get().entrySet()) {
                roles.put(role.getKey(), role.getValue() == null ? "ready" : role.getValue());
                ready &= role.getValue() == null;
            }
            ctx.response().setStatusCode(ready ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("status", ready ? "ready" : "not ready").put("roles", roles).encode());
        });
        roleRoutes.accept(router);
        server = vertx.createHttpServer().requestHandler(router)
                .listen(config.port(), config.bindHost()).await();
        InetSocketAddress address = new InetSocketAddress(config.bindHost(), server.actualPort());
        log.info("http listening on http://{}:{}/ (metrics at /metrics, health at /healthz)",
                address.getHostString(), address.getPort());
        return address;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().await();
        }
    }
}
