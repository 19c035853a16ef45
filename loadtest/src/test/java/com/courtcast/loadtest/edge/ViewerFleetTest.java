package com.courtcast.loadtest.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ViewerFleetTest {

    private static final int VIEWERS = 8;

    @Test
    void everyViewerGetsEveryPartOverAFewKeptAliveConnections() throws Exception {
        try (TinyLiveStream stream = new TinyLiveStream(50);
             ViewerFleet fleet = new ViewerFleet(stream.playlistUrl(), 2, Duration.ofSeconds(5))) {
            fleet.start(VIEWERS, Duration.ofMillis(100));
            Thread.sleep(400);
            long from = System.nanoTime();
            Thread.sleep(1500);
            long to = System.nanoTime() - Duration.ofMillis(300).toNanos();
            Thread.sleep(300);

            List<String> window = stream.producedAt().entrySet().stream()
                    .filter(e -> e.getValue() >= from && e.getValue() < to).map(Map.Entry::getKey).toList();
            Map<String, Long> perPart = fleet.deliveries().stream()
                    .collect(Collectors.groupingBy(ViewerTally.Delivery::file, Collectors.counting()));
            assertThat(window).hasSizeGreaterThan(20);
            for (String part : window) {
                assertThat(perPart.get(part)).as(part).isEqualTo(VIEWERS);
            }
            for (ViewerTally.Delivery delivery : fleet.deliveries()) {
                assertThat(delivery.nanoTime()).isGreaterThan(stream.producedAt().get(delivery.file()));
            }
            assertThat(fleet.errors()).as(fleet.lastError()).isZero();
            assertThat(fleet.connects()).isEqualTo(stream.clients().size());
            // Parts are named by sequence, so every hinted part comes, across segment ends too.
            assertThat(fleet.unproducedHints()).isZero();
            assertThat(fleet.requests()).isGreaterThan(VIEWERS * 2L * window.size());
            // Keep-alive: the playlist chain and the parts each reuse their connections.
            assertThat(stream.clients()).hasSizeBetween(2 * VIEWERS, (2 + 5) * VIEWERS);
        }
    }

    @Test
    void aServerThatNeverAnswersCountsTimeoutsAndViewersTryAgain() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        CountDownLatch never = new CountDownLatch(1);
        silent.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        silent.createContext("/", exchange -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        silent.start();
        try (ViewerFleet fleet = new ViewerFleet("http://127.0.0.1:" + silent.getAddress().getPort()
                + "/live/t/source.m3u8", 1, Duration.ofMillis(100))) {
            fleet.start(2, Duration.ZERO);
            await(() -> fleet.errors() >= 4);

            assertThat(fleet.errors()).isGreaterThanOrEqualTo(4);
            assertThat(fleet.lastError()).contains("no answer to GET /live/t/source.m3u8 within 100 ms");
            assertThat(fleet.deliveries()).isEmpty();
        } finally {
            never.countDown();
            silent.stop(0);
        }
    }

    @Test
    void aPlaylistLargerThanTheBoundIsAFailureNotABuffer() throws Exception {
        HttpServer huge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        huge.createContext("/", exchange -> {
            byte[] body = new byte[1024 * 1024];
            exchange.sendResponseHeaders(200, body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            } catch (java.io.IOException closedByTheViewer) {
                // expected: the viewer gives up past its bound
            }
        });
        huge.start();
        try (ViewerFleet fleet = new ViewerFleet("http://127.0.0.1:" + huge.getAddress().getPort()
                + "/live/t/source.m3u8", 1, Duration.ofSeconds(2))) {
            fleet.start(1, Duration.ZERO);
            await(() -> fleet.errors() > 0);

            assertThat(fleet.errors()).isPositive();
            assertThat(fleet.lastError()).contains("is larger than 262144 bytes");
        } finally {
            huge.stop(0);
        }
    }

    /** Class loading in a fresh test JVM can take a while: wait for the outcome, not a fixed time. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
