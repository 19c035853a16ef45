package com.courtcast.loadtest.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js in headless Chromium, in low-latency mode, plays a live stream that ffmpeg publishes
 * through the ingest: 20 s of playback without a stall or an error, with the latency it reports.
 */
class HlsJsPlaybackIT {

    private static final String KEY = "hlsjs-key-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void hlsJsPlaysTheLiveStreamWithoutStalling() throws Exception {
        Settings settings = Settings.empty()
                .override("ingest.bindHost", "127.0.0.1").override("ingest.port", 0)
                .override("http.bindHost", "127.0.0.1").override("http.port", 0)
                .override("node.dataDir", dataDir.toString());
        try (Node node = Node.start(settings, List.of("court5:" + KEY), EnumSet.of(Role.INGEST, Role.ORIGIN))) {
            Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                    "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
                    "-pix_fmt", "yuv420p", "-b:v", "500k", "-c:a", "aac", "-b:a", "64k", "-f", "flv",
                    "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY)
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            try (HeadlessChromium chromium = new HeadlessChromium()) {
                LiveStreamReady.await("http://127.0.0.1:" + node.httpAddress().getPort() + "/live/court5/index.m3u8", publisher,
                        Duration.ofSeconds(30));
                chromium.open("http://127.0.0.1:" + node.httpAddress().getPort() + "/watch/court5");
                chromium.waitUntil("return window.courtcastPlayer.stats().playing", Duration.ofSeconds(30));
                JsonObject start = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
                List<Double> latencies = SteadyPlayback.assertPlaysFor(chromium, 20).stream()
                        .map(stats -> stats.getDouble("latency")).toList();
                JsonObject end = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
                JsonArray samples = (JsonArray) chromium.execute("return window.courtcastPlayer.samples()");
                SteadyPlayback.assertNoNewStalls(start, end, chromium);
                assertThat(end.getJsonArray("errors").stream().map(JsonObject.class::cast)
                        .filter(e -> e.getBoolean("fatal", false)).toList()).isEmpty();
                assertThat(end.getDouble("currentTime") - start.getDouble("currentTime")).isGreaterThan(19);
                assertThat(end.getInteger("loadedParts")).isGreaterThan(50);
                System.out.printf("hls.js %s: hls.latency %s s over 20 s (target %s s), pdtLatency p50 %s ms%n",
                        end.getString("hlsVersion"), latencies, end.getDouble("targetLatency"),
                        median(samples));
                assertThat(latencies).allSatisfy(latency -> assertThat(latency).isBetween(0.2, 5.0));
            } finally {
                publisher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Object median(JsonArray samples) {
        List<Double> values = new ArrayList<>();
        samples.forEach(v -> values.add(((Number) v).doubleValue()));
        values.sort(Double::compare);
        return values.isEmpty() ? "n/a" : values.get(values.size() / 2);
    }
}
