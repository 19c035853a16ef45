package com.courtcast.app.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
import com.courtcast.common.playback.PlaybackSigner;
import com.courtcast.common.playback.PlaybackToken;
import com.courtcast.common.testing.ExternalProcess;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge in front of a real origin fed by ffmpeg, with a relay between them counting what
 * reaches the origin: many viewers of a hinted part cost the origin one request, FFmpeg's HLS
 * client keeps reading from stale playlists when the origin stops, and a restricted hearing plays
 * with a signed URL only.
 */
class EdgeHlsIT {

    private static final String KEY = "edge-hls-key-0123456789";
    private static final String SIGNING_KEY = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"([^\"]+)\"");
    private static final Pattern TARGET = Pattern.compile("#EXT-X-TARGETDURATION:(\\d+)");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The origin without recording: these tests are about live playback, and need no files left behind. */
    private Settings originSettings() {
        return LiveHlsIT.settings(dataDir).override("origin.recording", "off");
    }

    static Settings edgeSettings(URI origin) {
        return Settings.empty().override("edge.bindHost", "127.0.0.1").override("edge.port", 0)
                .override("edge.origins", origin.toString());
    }

    @Test
    void aThousandViewersOfAPartNotYetAtTheEdgeCostTheOriginOneRequest() throws Exception {
        try (Node origin = Node.start(originSettings(), List.of("court7:" + KEY), EnumSet.of(Role.INGEST, Role.ORIGIN));
             ExternalProcess publisher = ExternalProcess.start(TestStreams.publish(
                     "rtmp://127.0.0.1:" + origin.rtmpAddress().getPort() + "/live/" + KEY, 40));
             CountingRelay relay = new CountingRelay("127.0.0.1", origin.httpAddress().getPort());
             Node edge = Node.start(edgeSettings(relay.uri()), List.of(), EnumSet.of(Role.EDGE))) {
            String base = "http://127.0.0.1:" + edge.edgeAddress().getPort() + "/live/court7/";
            LiveHlsIT.awaitOk(http, base + "index.m3u8", publisher);
            for (int round = 0; round < 3; round++) {
                String playlist = LiveHlsIT.get(http, base + "source.m3u8").body();
                Matcher hint = HINT.matcher(playlist);
                assertThat(hint.find()).as(playlist).isTrue();
                String part = hint.group(1);
                List<CompletableFuture<HttpResponse<byte[]>>> viewers = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    viewers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + part))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray()));
                }
                byte[] first = null;
                for (CompletableFuture<HttpResponse<byte[]>> viewer : viewers) {
                    HttpResponse<byte[]> response = viewer.get(60, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).isEqualTo(200);
                    if (first == null) {
                        first = response.body();
                        assertThat(first).isNotEmpty();
                    } else {
                        assertThat(response.body()).isEqualTo(first);
                    }
                }
                assertThat(relay.count("/live/court7/" + part)).as("origin requests for %s", part).isEqualTo(1);
            }
        }
    }

    @Test
    void ffmpegReadingThroughTheEdgeGoesOnFromStalePlaylistsWhenTheOriginStops() throws Exception {
        Node origin = Node.start(originSettings(), List.of("court8:" + KEY), EnumSet.of(Role.INGEST, Role.ORIGIN));
        boolean originStopped = false;
        try (ExternalProcess publisher = ExternalProcess.start(TestStreams.publish(
                     "rtmp://127.0.0.1:" + origin.rtmpAddress().getPort() + "/live/" + KEY, 120));
             Node edge = Node.start(edgeSettings(URI.create("http://127.0.0.1:" + origin.httpAddress().getPort())),
                     List.of(), EnumSet.of(Role.EDGE))) {
            String base = "http://127.0.0.1:" + edge.edgeAddress().getPort() + "/live/court8/";
            LiveHlsIT.awaitOk(http, base + "index.m3u8", publisher);
            Matcher target = TARGET.matcher(LiveHlsIT.get(http, base + "source.m3u8").body());
            assertThat(target.find()).isTrue();
            int targetDuration = Integer.parseInt(target.group(1));
            try (ExternalProcess reader = ExternalProcess.start(TestStreams.decode(base + "index.m3u8", 120))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (TestStreams.decodedSeconds(reader.output()) < 5) {
                    assertThat(System.nanoTime()).as(reader.output()).isLessThan(deadline);
                    assertThat(reader.isAlive()).as(reader.output()).isTrue();
                    Thread.sleep(200);
                }
                origin.close();
                originStopped = true;
                long stopped = System.nanoTime();
                // The last fresh copy is at most a second old when the origin stops: allow for that.
                long window = TimeUnit.SECONDS.toNanos(3L * targetDuration) - TimeUnit.MILLISECONDS.toNanos(1100);
                while (System.nanoTime() - stopped < window) {
                    HttpResponse<String> playlist = LiveHlsIT.get(http, base + "source.m3u8");
                    assertThat(playlist.statusCode()).as("%d ms after the origin stopped",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).isEqualTo(200);
                    assertThat(reader.isAlive()).as(reader.output()).isTrue();
                    Thread.sleep(250);
                }
                assertThat(reader.isAlive()).isTrue();
                assertThat(TestStreams.errors(reader.output())).isEmpty();
                double stale = edge.metrics().find("courtcast.edge.requests").tag("result", "stale")
                        .counters().stream().mapToDouble(Counter::count).sum();
                assertThat(stale).isPositive();
                assertThat(LiveHlsIT.get(http, "http://127.0.0.1:" + edge.edgeAddress().getPort() + "/healthz")
                        .statusCode()).isEqualTo(503);
            }
        } finally {
            if (!originStopped) {
                origin.close();
            }
        }
    }

    @Test
    void aRestrictedHearingPlaysWithAValidTokenAndIsRefusedWithABadOne() throws Exception {
        Settings restricted = originSettings()
                .override("playback.restricted", "court9").override("playback.signingKey", SIGNING_KEY);
        try (Node origin = Node.start(restricted, List.of("court9:" + KEY), EnumSet.of(Role.INGEST, Role.ORIGIN));
             ExternalProcess publisher = ExternalProcess.start(TestStreams.publish(
                     "rtmp://127.0.0.1:" + origin.rtmpAddress().getPort() + "/live/" + KEY, 40));
             Node edge = Node.start(edgeSettings(URI.create("http://127.0.0.1:" + origin.httpAddress().getPort()))
                     .override("playback.restricted", "court9").override("playback.signingKey", SIGNING_KEY),
                     List.of(), EnumSet.of(Role.EDGE))) {
            String base = "http://127.0.0.1:" + edge.edgeAddress().getPort() + "/live/court9/";
            PlaybackToken token = new PlaybackSigner(HexFormat.of().parseHex(SIGNING_KEY))
                    .sign("court9", Instant.now().plus(Duration.ofHours(1)), null);
            LiveHlsIT.awaitOk(http, base + "index.m3u8?" + token.query(), publisher);

            // FFmpeg follows the rewritten playlists: every variant, init and segment request carries the token.
            String live = ExternalProcess.run(Duration.ofSeconds(60),
                    TestStreams.decode(base + "index.m3u8?" + token.query(), 5));
            assertThat(TestStreams.errors(live)).isEmpty();
            assertThat(TestStreams.decodedSeconds(live)).isGreaterThan(4);

            String forged = token.query().replace("cc_sig=", "cc_sig=A");
            try (ExternalProcess refused = ExternalProcess.start(TestStreams.decode(base + "index.m3u8?" + forged, 5))) {
                assertThat(refused.await(Duration.ofSeconds(30))).isNotZero();
                assertThat(refused.output()).contains("403");
            }
            // The origin refuses tokenless requests too: the edge got through with a token of its own.
            assertThat(LiveHlsIT.get(http, "http://127.0.0.1:" + origin.httpAddress().getPort()
                    + "/live/court9/index.m3u8").statusCode()).isEqualTo(403);
            HttpResponse<String> bare = LiveHlsIT.get(http, base + "index.m3u8");
            assertThat(bare.statusCode()).isEqualTo(403);
            assertThat(bare.body()).contains("restricted");
        }
    }
}
