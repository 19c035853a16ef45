package com.courtcast.origin.http;

import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.origin.live.LiveStreamDirectory;
import com.courtcast.origin.recording.RecordingCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.time.Clock;

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
    private final VodHandler vodHandler;
    private final PlaybackGuard guard;
    private long timer = -1;

    /**
     * @param recordings the recordings to serve under /vod, or null when nothing is recorded
     * @param playback which hearings need a signed playback token
     */
    public OriginRoutes(Vertx vertx, LiveStreamDirectory live, RecordingCatalog recordings, PlaybackConfig playback,
                        Clock clock, MeterRegistry metrics) {
        this.vertx = vertx;
        this.guard = new PlaybackGuard(playback, clock, metrics);
        this.live = live;
        this.liveHandler = new LiveHandler(vertx, live, new OriginHttpMetrics(metrics));
        this.vodHandler = recordings == null ? null : new VodHandler(vertx, recordings);
    }

    public void mount(Router router) {
        router.route(HttpMethod.OPTIONS, "/live/*").handler(ctx -> Responses.preflight(ctx.request()));
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
            router.route(method, "/live/:stream/*").handler(guard);
            router.route(method, "/vod/:stream/*").handler(guard);
        }
        router.route(HttpMethod.GET, "/live/:stream/:file").handler(liveHandler::handle);
        router.route(HttpMethod.HEAD, "/live/:stream/:file").handler(liveHandler::handle);
        if (vodHandler != null) {
            router.route(HttpMethod.OPTIONS, "/vod/*").handler(ctx -> Responses.preflight(ctx.request()));
            for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
                router.route(method, "/vod/:stream/index.m3u8").handler(vodHandler::latest);
                router.route(method, "/vod/:stream/:recording/:file").handler(vodHandler::file);
                router.route(method, "/vod/:stream/:recording/:rendition/:file").handler(vodHandler::media);
            }
        }
        timer = vertx.setPeriodic(TICK_MILLIS, id -> live.tick());
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
