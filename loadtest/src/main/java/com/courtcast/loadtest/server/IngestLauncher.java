package com.courtcast.loadtest.server;

import com.courtcast.ingest.IngestConfig;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.RtmpServer;
import com.courtcast.ingest.StaticKeyAuthorizer;
import com.courtcast.ingest.live.FanOutLimits;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.live.TakeoverPolicy;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Runs CourtCast's RTMP ingest alone in a JVM of its own, so the benchmark can measure its CPU
 * apart from the load generator's: {@code --rtmp-port P --http-port H --stream NAME:KEY ...}, the
 * flags of {@code ./courtcast ingest}. Serves {@code /metrics} on 127.0.0.1:H in the Prometheus
 * format, as the app does. Stands in for the app's ingest role until that one is wired up.
 */
public final class IngestLauncher {

    private IngestLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int rtmpPort = -1;
        int httpPort = -1;
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--rtmp-port" -> rtmpPort = Integer.parseInt(require(args[i], value));
                case "--http-port" -> httpPort = Integer.parseInt(require(args[i], value));
                case "--stream" -> streams.add(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
            i++;
        }
        if (rtmpPort < 0 || httpPort < 0) {
            throw new IllegalArgumentException("--rtmp-port and --http-port are required");
        }

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestMetrics metrics = new IngestMetrics(prometheus);
        LiveStreamRegistry registry = new LiveStreamRegistry(TakeoverPolicy.TAKE_OVER, FanOutLimits.DEFAULTS,
                Executors.newVirtualThreadPerTaskExecutor(), metrics, Clock.systemUTC());
        RtmpServer server = new RtmpServer(IngestConfig.defaults().withAddress("127.0.0.1", rtmpPort),
                new StaticKeyAuthorizer(StaticKeyAuthorizer.parseStreamFlags(streams)), registry, metrics);
        HttpServer http = metricsServer(httpPort, prometheus);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(0);
            server.close();
            stopped.countDown();
        }, "launcher-shutdown"));
        server.start();
        http.start();
        System.out.println("ingest launcher ready: rtmp 127.0.0.1:" + rtmpPort + ", metrics http://127.0.0.1:"
                + httpPort + "/metrics, " + streams.size() + " stream keys");
        stopped.await();
    }

    private static HttpServer metricsServer(int port, PrometheusMeterRegistry prometheus) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        http.createContext("/metrics", exchange -> {
            byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return http;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
