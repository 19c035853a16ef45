package com.courtcast.edge;

import static com.courtcast.edge.EdgeTesting.HTTP;
import static com.courtcast.edge.LiveHlsEdgeTest.PLAYLIST;
import static com.courtcast.edge.LiveHlsEdgeTest.playlist;
import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.NettyLeakCheck;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Past freshness, playlists are served at once while one background request refreshes them (no viewer waits). */
@ExtendWith(NettyLeakCheck.class)
class StaleWhileRevalidateTest {

    private static final String REGULAR = "/live/c1/720p.m3u8";

    private static String regularPlaylist(int msn) {
        return "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + msn + "\n"
                + "#EXTINF:6.0,\n720p-" + msn + ".ts\n";
    }

    @Test
    void viewersOfAnExpiredPlaylistGetTheOldCopyAtOnceWhileOneRequestRefreshesIt() throws Exception {
        ManualTicker ticker = new ManualTicker();
        CountDownLatch originMayAnswer = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), ticker, Clock.systemUTC())) {
            origin.on(PLAYLIST, exchange -> {
                int n = asked.incrementAndGet();
                if (n > 1) {
                    // The refresh is held: nobody may wait for it.
                    originMayAnswer.await(20, TimeUnit.SECONDS);
                }
                FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl", "public, max-age=1",
                        playlist(5, n).getBytes(StandardCharsets.UTF_8));
            });
            assertThat(EdgeTesting.getText(edge, PLAYLIST).body()).isEqualTo(playlist(5, 1));

            ticker.advance(Duration.ofMillis(400));
            List<CompletableFuture<HttpResponse<String>>> viewers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                viewers.add(HTTP.sendAsync(EdgeTesting.request(edge, PLAYLIST), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> viewer : viewers) {
                HttpResponse<String> response = viewer.get(5, TimeUnit.SECONDS);
                assertThat(response.body()).isEqualTo(playlist(5, 1));
                assertThat(response.headers().firstValue("X-Cache")).hasValue("UPDATING");
            }
            // The refresh goes out in the background: on a busy machine it may reach the origin after the answers.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (asked.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(asked.get()).as("one refresh for all").isEqualTo(2);
            assertThat(edge.metrics().count(ResourceType.PLAYLIST, EdgeMetrics.Result.UPDATING)).isEqualTo(50);

            originMayAnswer.countDown();
            assertThat(EdgeTesting.awaitHit(edge, PLAYLIST).body()).isEqualTo(playlist(5, 2));
            assertThat(asked.get()).isEqualTo(2);
        }
    }

    @Test
    void pastTheRevalidateWindowViewersWaitForTheOriginAndAgeCountsTheTimeHeld() throws Exception {
        ManualTicker ticker = new ManualTicker();
        AtomicInteger asked = new AtomicInteger();
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), ticker, Clock.systemUTC())) {
            origin.on(REGULAR, exchange -> FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl", null,
                    regularPlaylist(asked.incrementAndGet()).getBytes(StandardCharsets.UTF_8)));
            EdgeTesting.getText(edge, REGULAR);
            // Fresh for half a target duration (3 s), then served while refreshed for 3 s more.
            ticker.advance(Duration.ofMillis(4_500));
            HttpResponse<String> updating = EdgeTesting.getText(edge, REGULAR);
            assertThat(updating.headers().firstValue("X-Cache")).hasValue("UPDATING");
            assertThat(updating.headers().firstValue("Age")).hasValue("4");
            assertThat(updating.body()).isEqualTo(regularPlaylist(1));
            HttpResponse<String> refreshed = EdgeTesting.awaitHit(edge, REGULAR);
            assertThat(refreshed.body()).isEqualTo(regularPlaylist(2));
            assertThat(refreshed.headers().firstValue("Age")).hasValue("0");

            ticker.advance(Duration.ofMillis(6_500));
            HttpResponse<String> late = EdgeTesting.getText(edge, REGULAR);
            assertThat(late.headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(late.body()).isEqualTo(regularPlaylist(3));
        }
    }

    @Test
    void blockingReloadsAndMustRevalidateResponsesAreNeverServedWhileRefreshed() throws Exception {
        ManualTicker ticker = new ManualTicker();
        AtomicReference<String> cacheControl = new AtomicReference<>("public, max-age=12");
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), ticker, Clock.systemUTC())) {
            origin.on(PLAYLIST, exchange -> FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl",
                    cacheControl.get(), playlist(5, 1).getBytes(StandardCharsets.UTF_8)));
            String blocking = PLAYLIST + "?_HLS_msn=5&_HLS_part=1";
            EdgeTesting.getText(edge, blocking);
            ticker.advance(Duration.ofMillis(12_100));
            assertThat(EdgeTesting.getText(edge, blocking).headers().firstValue("X-Cache")).hasValue("MISS");

            cacheControl.set("public, max-age=1, must-revalidate");
            EdgeTesting.getText(edge, PLAYLIST);
            ticker.advance(Duration.ofMillis(300));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(edge.metrics().count(ResourceType.BLOCKING_PLAYLIST, EdgeMetrics.Result.UPDATING)
                    + edge.metrics().count(ResourceType.PLAYLIST, EdgeMetrics.Result.UPDATING)).isZero();
        }
    }
}
