package com.courtcast.origin.http;

import com.courtcast.origin.live.LiveStreamDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The origin's URL space on the node's HTTP listener: {@code /live/<stream>/...} for live LL-HLS
 * and {@code /vod/<stream>/...} for recordings.
 */
public final class OriginRoutes implements AutoCloseable {

    /** How often held requests are checked against their limits and hearings against their grace. */
    private static final long TICK_MILLIS = 50;

    private final Vertx vertx;
    private final LiveStreamDirectory live;
    private final LiveHandler liveHandler;
    private long timer = -1;

    public OriginRoutes(Vertx vertx, LiveStreamDirectory live, MeterRegistry metrics) {
        this.vertx = vertx;
        this.live = live;
        this.liveHandler = new LiveHandler(vertx, live, new OriginHttpMetrics(metrics));
    }

    public void mount(Router router) {
        router.route(HttpMethod.OPTIONS, "/live/*").handler(ctx -> Responses.preflight(ctx.request()));
        router.route(HttpMethod.GET, "/live/:stream/:file").handler(liveHandler::handle);
        router.route(HttpMethod.HEAD, "/live/:stream/:file").handler(liveHandler::handle);
        timer = vertx.setPeriodic(TICK_MILLIS, id -> live.tick());
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
