package com.courtcast.edge;

import static com.courtcast.edge.EdgeTesting.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.NettyLeakCheck;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** LL-HLS at the edge: blocking reloads collapse, hinted parts are fetched ahead, playlists stay served while origins fail. */
@ExtendWith(NettyLeakCheck.class)
class LiveHlsEdgeTest {

    static final String PLAYLIST = "/live/c1/source.m3u8";

    static String playlist(int msn, int part) {
        return "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n"
                + "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5\n"
                + "#EXT-X-PART-INF:PART-TARGET=0.5\n#EXT-X-MEDIA-SEQUENCE:" + (msn - 1) + "\n"
                + "#EXT-X-MAP:URI=\"source-ab12-init.mp4\"\n"
                + "#EXTINF:2.0,\nsource-ab12-" + (msn - 1) + ".m4s\n"
                + "#EXT-X-PART:DURATION=0.5,URI=\"source-ab12-" + msn + "." + part + ".m4s\",INDEPENDENT=YES\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"source-ab12-" + msn + "." + (part + 1) + ".m4s\"\n";
    }

    @Test
    void identicalBlockingRequestsMakeOneOriginRequestAndTheHintedPartIsFetchedAhead() throws Exception {
        String hinted = "/live/c1/source-ab12-5.2.m4s";
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            origin.on(PLAYLIST, exchange -> {
                // The origin holds a blocking reload until the part exists.
                Thread.sleep(300);
                FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl", "public, max-age=12",
                        playlist(5, 1).getBytes(StandardCharsets.UTF_8));
            });
            origin.on(hinted, exchange -> {
                Thread.sleep(200);
                FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=31536000, immutable", new byte[5000]);
            });
            List<CompletableFuture<HttpResponse<String>>> players = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // Players add their own parameters too (cache busters, analytics): they do not split the key.
                String target = PLAYLIST + "?_HLS_msn=5&_HLS_part=1" + (i % 2 == 0 ? "" : "&session=" + i);
                players.add(HTTP.sendAsync(EdgeTesting.request(edge, target), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> player : players) {
                assertThat(player.get(20, TimeUnit.SECONDS).body()).isEqualTo(playlist(5, 1));
            }
            assertThat(origin.requests()).filteredOn(r -> r.startsWith(PLAYLIST))
                    .containsExactly(PLAYLIST + "?_HLS_msn=5&_HLS_part=1");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (origin.count(hinted) == 0) {
                assertThat(System.nanoTime()).as("the hinted part was asked for").isLessThan(deadline);
                Thread.sleep(10);
            }
            HttpResponse<byte[]> part = EdgeTesting.get(edge, hinted);
            assertThat(part.body()).hasSize(5000);
            assertThat(part.headers().firstValue("X-Cache").orElseThrow()).isIn("HIT", "COALESCED");
            assertThat(origin.count(hinted)).isEqualTo(1);
            assertThat(edge.metrics().count(ResourceType.MEDIA, EdgeMetrics.Result.MISS)).isZero();
        }
    }

    @Test
    void aFailingOriginLeavesTheLastGoodPlaylistServedForThreeTargetDurationsThenRecovers() throws Exception {
        ManualTicker ticker = new ManualTicker();
        AtomicBoolean broken = new AtomicBoolean();
        AtomicReference<String> current = new AtomicReference<>(playlist(5, 1));
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), ticker, Clock.systemUTC())) {
            origin.on(PLAYLIST, exchange -> {
                if (broken.get()) {
                    FakeOrigin.send(exchange, 503, "text/plain", "no-store", "down\n".getBytes());
                } else {
                    FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl", "public, max-age=1",
                            current.get().getBytes(StandardCharsets.UTF_8));
                }
            });
            assertThat(EdgeTesting.getText(edge, PLAYLIST).headers().firstValue("X-Cache")).hasValue("MISS");
            // LL-HLS: fresh for half a part (0.25 s).
            ticker.advance(Duration.ofMillis(200));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).headers().firstValue("X-Cache")).hasValue("HIT");
            // Then served as it is for a part target (0.5 s) while one background request refreshes it.
            ticker.advance(Duration.ofMillis(100));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).headers().firstValue("X-Cache")).hasValue("UPDATING");
            EdgeTesting.awaitHit(edge, PLAYLIST);
            assertThat(origin.count(PLAYLIST)).isEqualTo(2);

            broken.set(true);
            ticker.advance(Duration.ofMillis(800));
            HttpResponse<String> stale = EdgeTesting.getText(edge, PLAYLIST);
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.body()).isEqualTo(playlist(5, 1));
            assertThat(stale.headers().firstValue("X-Cache")).hasValue("STALE");
            ticker.advance(Duration.ofMillis(5_000));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).headers().firstValue("X-Cache")).hasValue("STALE");
            assertThat(edge.metrics().count(ResourceType.PLAYLIST, EdgeMetrics.Result.STALE)).isEqualTo(2);

            // Three target durations (6 s) after it went stale, the playlist is no longer served.
            ticker.advance(Duration.ofMillis(600));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).statusCode()).isEqualTo(503);

            broken.set(false);
            current.set(playlist(9, 0));
            HttpResponse<String> recovered = EdgeTesting.getText(edge, PLAYLIST);
            assertThat(recovered.statusCode()).isEqualTo(200);
            assertThat(recovered.body()).isEqualTo(playlist(9, 0));
        }
    }

    @Test
    void stoppedOriginsAreReportedOnHealthzAndMediaIsServedFromCacheMeanwhile() throws Exception {
        ManualTicker ticker = new ManualTicker();
        FakeOrigin origin = new FakeOrigin();
        try (EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), ticker, Clock.systemUTC())) {
            origin.on(PLAYLIST, exchange -> FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl",
                    "public, max-age=1", playlist(5, 1).getBytes(StandardCharsets.UTF_8)));
            origin.on("/live/c1/source-ab12-4.m4s", exchange -> {
                exchange.getResponseHeaders().set("Age", "5");
                FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=31536000, immutable", new byte[1000]);
            });
            assertThat(EdgeTesting.getText(edge, "/healthz").statusCode()).isEqualTo(200);
            assertThat(EdgeTesting.get(edge, PLAYLIST).statusCode()).isEqualTo(200);
            assertThat(EdgeTesting.get(edge, "/live/c1/source-ab12-4.m4s").statusCode()).isEqualTo(200);
            origin.close();

            ticker.advance(Duration.ofSeconds(3));
            HttpResponse<byte[]> segment = EdgeTesting.get(edge, "/live/c1/source-ab12-4.m4s");
            assertThat(segment.statusCode()).isEqualTo(200);
            assertThat(segment.headers().firstValue("Age")).as("origin's age plus time held").hasValue("8");
            assertThat(EdgeTesting.getText(edge, PLAYLIST).headers().firstValue("X-Cache")).hasValue("STALE");

            HttpResponse<String> health = EdgeTesting.getText(edge, "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("not ready", origin.uri().toString());
            HttpResponse<String> load = EdgeTesting.getText(edge, "/load");
            assertThat(load.body()).contains("\"connections\":", "\"egressBitsPerSecond\":", "\"cacheBytes\":",
                    "\"ready\":false");

            ticker.advance(Duration.ofSeconds(7));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).statusCode()).isEqualTo(502);
        }
    }

    @Test
    void theSecondOriginServesWhenTheFirstIsDown() throws Exception {
        FakeOrigin dead = new FakeOrigin();
        dead.close();
        try (FakeOrigin live = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(dead.uri(), live.uri()), new ManualTicker(),
                     Clock.systemUTC())) {
            live.on(PLAYLIST, exchange -> FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl",
                    "public, max-age=1", playlist(5, 1).getBytes(StandardCharsets.UTF_8)));
            assertThat(EdgeTesting.getText(edge, PLAYLIST).body()).isEqualTo(playlist(5, 1));
            assertThat(EdgeTesting.getText(edge, "/healthz").statusCode()).isEqualTo(200);
        }
    }
}
