package com.courtcast.loadtest.latency;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves the page that plays nginx-rtmp's HLS in the benchmark's second browser, on
 * 127.0.0.1 and a free port: {@code /nginx.html?src=<playlist>}, its script, and the very
 * {@code hls.min.js} that CourtCast's viewer page uses (the player-demo jar's
 * {@code com/courtcast/player/hls.min.js}), so both browsers run the same hls.js build.
 */
final class PlayerPageServer implements AutoCloseable {

    static final String HLS_JS = "com/courtcast/player/hls.min.js";
    private static final String PAGES = "com/courtcast/loadtest/latency/";

    private final Vertx vertx;
    private final HttpServer server;

    private PlayerPageServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    static PlayerPageServer start() throws IOException {
        Map<String, Asset> assets = Map.of(
                "/nginx.html", new Asset(resource(PAGES + "nginx.html"), "text/html; charset=utf-8"),
                "/nginx-player.js", new Asset(resource(PAGES + "nginx-player.js"), "text/javascript; charset=utf-8"),
                "/hls.min.js", new Asset(resource(HLS_JS), "text/javascript; charset=utf-8"));
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                Asset asset = assets.get(request.path());
                if (asset == null) {
                    request.response().setStatusCode(404).end();
                    return;
                }
                request.response().putHeader("Content-Type", asset.type()).putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(asset.bytes()));
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new PlayerPageServer(vertx, server);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IOException("the player page server did not start: " + e, e);
        } catch (InterruptedException e) {
            vertx.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting the player page server", e);
        }
    }

    /** The page that plays {@code playlistUrl} (nginx serves it with CORS open). */
    String nginxPage(String playlistUrl) {
        return "http://127.0.0.1:" + server.actualPort() + "/nginx.html?src="
                + URLEncoder.encode(playlistUrl, StandardCharsets.UTF_8);
    }

    /** A resource of the class path as bytes; hls.min.js comes from the player-demo jar. */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = PlayerPageServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path (player-demo's jar brings hls.min.js)");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("bench: the player page server did not stop cleanly: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Asset(byte[] bytes, String type) {}
}
