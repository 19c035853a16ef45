package com.courtcast.edge;

import static com.courtcast.edge.EdgeTesting.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.NettyLeakCheck;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent misses make one origin request whose bytes reach every waiter as they arrive, and
 * only bodies that arrived whole are cached.
 */
@ExtendWith(NettyLeakCheck.class)
class CoalescingTest {

    private static final String PART = "/live/c1/source-r4nd0m-7.3.m4s";

    @Test
    void aThousandViewersAskingForAPartNotYetAtTheEdgeMakeOneOriginRequest() throws Exception {
        byte[] part = new byte[200_000];
        new Random(7).nextBytes(part);
        CountDownLatch partComplete = new CountDownLatch(1);
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            origin.on(PART, exchange -> {
                // Like a preload-hinted part: the origin answers once the part is complete.
                partComplete.await();
                exchange.getResponseHeaders().set("Cache-Control", "public, max-age=31536000, immutable");
                exchange.sendResponseHeaders(200, part.length);
                exchange.getResponseBody().write(part, 0, 100_000);
                exchange.getResponseBody().flush();
                Thread.sleep(20);
                exchange.getResponseBody().write(part, 100_000, part.length - 100_000);
                exchange.close();
            });
            List<CompletableFuture<HttpResponse<byte[]>>> viewers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                viewers.add(HTTP.sendAsync(EdgeTesting.request(edge, PART), HttpResponse.BodyHandlers.ofByteArray()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (edge.metrics().count(ResourceType.MEDIA, EdgeMetrics.Result.COALESCED)
                    + edge.metrics().count(ResourceType.MEDIA, EdgeMetrics.Result.MISS) < 1000) {
                assertThat(System.nanoTime()).as("all viewers reached the edge").isLessThan(deadline);
                Thread.sleep(10);
            }
            partComplete.countDown();
            for (CompletableFuture<HttpResponse<byte[]>> viewer : viewers) {
                HttpResponse<byte[]> response = viewer.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(part);
            }
            assertThat(origin.count(PART)).isEqualTo(1);
            assertThat(edge.metrics().count(ResourceType.MEDIA, EdgeMetrics.Result.MISS)).isEqualTo(1);
            assertThat(edge.metrics().count(ResourceType.MEDIA, EdgeMetrics.Result.COALESCED)).isEqualTo(999);

            HttpResponse<byte[]> again = EdgeTesting.get(edge, PART);
            assertThat(again.body()).isEqualTo(part);
            assertThat(again.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(origin.count(PART)).isEqualTo(1);
        }
    }

    @Test
    void waitersGetTheFirstBytesBeforeTheOriginHasSentTheRest() throws Exception {
        byte[] part = new byte[4000];
        new Random(3).nextBytes(part);
        CountDownLatch firstHalfRead = new CountDownLatch(1);
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            origin.on(PART, exchange -> {
                exchange.sendResponseHeaders(200, 0);
                // Chunked: the edge must stream it too, without knowing the length.
                exchange.getResponseBody().write(part, 0, 2000);
                exchange.getResponseBody().flush();
                firstHalfRead.await();
                exchange.getResponseBody().write(part, 2000, 2000);
                exchange.close();
            });
            List<CompletableFuture<HttpResponse<InputStream>>> viewers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                viewers.add(HTTP.sendAsync(EdgeTesting.request(edge, PART), HttpResponse.BodyHandlers.ofInputStream()));
            }
            List<InputStream> bodies = new ArrayList<>();
            for (CompletableFuture<HttpResponse<InputStream>> viewer : viewers) {
                InputStream body = viewer.get(10, TimeUnit.SECONDS).body();
                assertThat(body.readNBytes(2000)).isEqualTo(java.util.Arrays.copyOf(part, 2000));
                bodies.add(body);
            }
            firstHalfRead.countDown();
            for (InputStream body : bodies) {
                assertThat(body.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(part, 2000, 4000));
                body.close();
            }
            assertThat(origin.count(PART)).isEqualTo(1);
            assertThat(EdgeTesting.get(edge, PART).body()).isEqualTo(part);
            assertThat(origin.count(PART)).as("a whole chunked body is cached").isEqualTo(1);
        }
    }

    @Test
    void aBodyCutShortOfItsContentLengthIsNeverCached() throws Exception {
        String cut = "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nCache-Control: max-age=3600\r\n"
                + "Content-Length: 1000\r\n\r\n" + "x".repeat(500);
        try (RawOrigin origin = new RawOrigin(cut);
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            assertNeverServedWhole(edge);
            assertNeverServedWhole(edge);
            assertThat(origin.requests()).as("nothing was cached, so the edge asked again").isEqualTo(2);

            origin.respondWith("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nCache-Control: max-age=3600\r\n"
                    + "Content-Length: 10\r\n\r\n0123456789");
            assertThat(EdgeTesting.getText(edge, PART).body()).isEqualTo("0123456789");
            assertThat(EdgeTesting.getText(edge, PART).body()).isEqualTo("0123456789");
            assertThat(origin.requests()).isEqualTo(3);
        }
    }

    @Test
    void aChunkedBodyWithoutItsLastChunkIsNeverCached() throws Exception {
        String unterminated = "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nCache-Control: max-age=3600\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + "1f4\r\n" + "y".repeat(500) + "\r\n";
        try (RawOrigin origin = new RawOrigin(unterminated);
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            assertNeverServedWhole(edge);
            assertNeverServedWhole(edge);
            assertThat(origin.requests()).isEqualTo(2);
        }
    }

    @Test
    void aCloseDelimitedBodyIsPassedOnButNotCached() throws Exception {
        String closeDelimited = "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nCache-Control: max-age=3600\r\n"
                + "Connection: close\r\n\r\n" + "z".repeat(300);
        try (RawOrigin origin = new RawOrigin(closeDelimited);
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            assertThat(EdgeTesting.getText(edge, PART).body()).isEqualTo("z".repeat(300));
            assertThat(EdgeTesting.getText(edge, PART).body()).isEqualTo("z".repeat(300));
            assertThat(origin.requests()).isEqualTo(2);
        }
    }

    @Test
    void anObjectOverTheSizeLimitIsRefusedNotBuffered() throws Exception {
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri())
                     .override("edge.cache.maxObjectBytes", 1000), new ManualTicker(), Clock.systemUTC())) {
            origin.on("/vod/c1/big.mp4", exchange ->
                    FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=60", new byte[5000]));
            origin.on("/vod/c1/small.mp4", exchange ->
                    FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=60", new byte[1000]));
            HttpResponse<String> big = EdgeTesting.getText(edge, "/vod/c1/big.mp4");
            assertThat(big.statusCode()).isEqualTo(502);
            assertThat(big.body()).contains("edge.cache.maxObjectBytes");
            assertThat(EdgeTesting.get(edge, "/vod/c1/small.mp4").body()).hasSize(1000);
            assertThat(EdgeTesting.getText(edge, "/healthz").statusCode()).as("not the origin's fault").isEqualTo(200);
        }
    }

    @Test
    void errorsAreCachedForOneSecondAtMost() throws Exception {
        ManualTicker ticker = new ManualTicker();
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), ticker, Clock.systemUTC())) {
            origin.on("/live/c1/gone.m4s", exchange ->
                    FakeOrigin.send(exchange, 404, "text/plain", "public, max-age=600", "gone\n".getBytes()));
            assertThat(EdgeTesting.get(edge, "/live/c1/gone.m4s").statusCode()).isEqualTo(404);
            assertThat(EdgeTesting.get(edge, "/live/c1/gone.m4s").statusCode()).isEqualTo(404);
            assertThat(origin.count("/live/c1/gone.m4s")).isEqualTo(1);
            ticker.advance(Duration.ofMillis(1001));
            assertThat(EdgeTesting.get(edge, "/live/c1/gone.m4s").statusCode()).isEqualTo(404);
            assertThat(origin.count("/live/c1/gone.m4s")).isEqualTo(2);
        }
    }

    /**
     * A broken origin body reaches the viewer cut short, or as a 502 when the edge saw the break
     * before its viewer's loop sent a byte (the origin's loop and the viewers' are apart): never whole.
     */
    private static void assertNeverServedWhole(EdgeServer edge) throws Exception {
        try {
            assertThat(EdgeTesting.get(edge, PART).statusCode()).as("a broken body answered whole").isEqualTo(502);
        } catch (java.io.IOException cut) {
            // Closed mid-body: the viewer cannot take it as whole.
        }
    }
}
