package com.courtcast.edge;

import com.courtcast.common.config.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** Starting an edge on localhost in front of test origins, and asking it things. */
final class EdgeTesting {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private EdgeTesting() {
    }

    static Settings settings(URI... origins) {
        StringBuilder list = new StringBuilder();
        for (URI origin : origins) {
            list.append(list.isEmpty() ? "" : ",").append(origin);
        }
        return Settings.empty().override("edge.bindHost", "127.0.0.1").override("edge.port", 0)
                .override("edge.origins", list.toString()).override("edge.eventLoopThreads", 2);
    }

    static EdgeServer start(Settings settings, ManualTicker ticker, Clock clock) throws InterruptedException {
        EdgeServer edge = new EdgeServer(EdgeConfig.from(settings), new SimpleMeterRegistry(), () -> "# metrics\n",
                ticker, clock);
        edge.start();
        return edge;
    }

    static HttpResponse<byte[]> get(EdgeServer edge, String target) throws Exception {
        return HTTP.send(request(edge, target), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> getText(EdgeServer edge, String target) throws Exception {
        return HTTP.send(request(edge, target), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks until the edge answers from a fresh entry (a background refresh has landed). */
    static HttpResponse<String> awaitHit(EdgeServer edge, String target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (;;) {
            HttpResponse<String> response = getText(edge, target);
            if (response.headers().firstValue("X-Cache").orElse("").equals("HIT")) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no fresh answer for " + target + ", last X-Cache "
                        + response.headers().firstValue("X-Cache").orElse("(none)"));
            }
            Thread.sleep(10);
        }
    }

    static HttpRequest request(EdgeServer edge, String target) {
        return HttpRequest.newBuilder(URI.create(base(edge) + target)).timeout(Duration.ofSeconds(20)).build();
    }

    static String base(EdgeServer edge) {
        return "http://127.0.0.1:" + edge.port();
    }
}
