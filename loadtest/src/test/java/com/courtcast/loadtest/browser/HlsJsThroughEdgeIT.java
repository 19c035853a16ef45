package com.courtcast.loadtest.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js in headless Chromium plays a live stream through the edge (page, playlists, blocking
 * reloads and parts all from the edge port): 15 s without a stall or a fatal error, and the edge
 * answered the media from its cache or from one shared origin fetch.
 */
class HlsJsThroughEdgeIT {

    private static final String KEY = "hlsjs-edge-key-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void hlsJsPlaysALiveStreamThroughTheEdge() throws Exception {
        Settings settings = Settings.empty()
                .override("ingest.bindHost", "127.0.0.1").override("ingest.port", 0)
                .override("http.bindHost", "127.0.0.1").override("http.port", 0)
                .override("edge.bindHost", "127.0.0.1").override("edge.port", 0)
                .override("origin.recording", "off")
                .override("node.dataDir", dataDir.toString());
        try (Node node = Node.start(settings, List.of("court6:" + KEY), EnumSet.allOf(Role.class))) {
            Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                    "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
                    "-pix_fmt", "yuv420p", "-b:v", "500k", "-c:a", "aac", "-b:a", "64k", "-f", "flv",
                    "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY)
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            try (HeadlessChromium chromium = new HeadlessChromium()) {
                LiveStreamReady.await("http://127.0.0.1:" + node.edgeAddress().getPort() + "/live/court6/index.m3u8", publisher,
                        Duration.ofSeconds(30));
                chromium.open("http://127.0.0.1:" + node.edgeAddress().getPort() + "/watch/court6");
                chromium.waitUntil("return window.courtcastPlayer.stats().playing", Duration.ofSeconds(30));
                JsonObject start = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
                SteadyPlayback.assertPlaysFor(chromium, 15);
                JsonObject end = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
                SteadyPlayback.assertNoNewStalls(start, end, chromium);
                assertThat(end.getJsonArray("errors").stream().map(JsonObject.class::cast)
                        .filter(e -> e.getBoolean("fatal", false)).toList()).isEmpty();
                assertThat(end.getDouble("currentTime") - start.getDouble("currentTime")).isGreaterThan(14);
                assertThat(end.getInteger("loadedParts")).isGreaterThan(30);
                System.out.printf("hls.js through the edge: latency %s s (target %s s); edge media %s%n",
                        end.getDouble("latency"), end.getDouble("targetLatency"), mediaResults(node));
                assertThat(end.getDouble("latency")).isBetween(0.2, 5.0);
            } finally {
                publisher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // hls.js asks for parts the edge already fetched on their preload hint, or joins that fetch.
            assertThat(count(node, "media", "hit") + count(node, "media", "coalesced"))
                    .isGreaterThan(count(node, "media", "miss"));
        }
    }

    private static String mediaResults(Node node) {
        return "hit=" + count(node, "media", "hit") + " coalesced=" + count(node, "media", "coalesced")
                + " miss=" + count(node, "media", "miss");
    }

    private static double count(Node node, String type, String result) {
        return node.metrics().find("courtcast.edge.requests").tag("type", type).tag("result", result)
                .counters().stream().mapToDouble(Counter::count).sum();
    }
}
