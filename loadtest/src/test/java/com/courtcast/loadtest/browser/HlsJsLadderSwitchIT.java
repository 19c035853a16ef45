package com.courtcast.loadtest.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
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
 * hls.js in headless Chromium plays an 854x480 stream with a 360p and a 240p rung and is switched
 * from rung to rung (down, up, down again): every switch lands on the asked rendition and playback
 * goes on without a stall or an error, which needs the renditions' segments to line up.
 */
class HlsJsLadderSwitchIT {

    private static final String KEY = "hlsjs-ladder-key-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void hlsJsSwitchesRungsWithoutStalling() throws Exception {
        Settings settings = Settings.empty()
                .override("ingest.bindHost", "127.0.0.1").override("ingest.port", 0)
                .override("http.bindHost", "127.0.0.1").override("http.port", 0)
                .override("node.dataDir", dataDir.toString()).override("origin.recording", "off")
                // About switching, not shedding: room for a machine busy with other tests.
                .override("transcoder.queueFrames", 600).override("transcoder.shedAtFrames", 300);
        try (Node node = Node.start(settings, List.of("court8:" + KEY + ":ladder=360p,240p"),
                EnumSet.of(Role.INGEST, Role.ORIGIN))) {
            Process publisher = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                    "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
                    "-pix_fmt", "yuv420p", "-b:v", "1500k", "-c:a", "aac", "-b:a", "64k", "-f", "flv",
                    "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY)
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            try (HeadlessChromium chromium = new HeadlessChromium()) {
                // The multivariant playlist lists every rung once each has a complete segment.
                Thread.sleep(4_000);
                LiveStreamReady.await("http://127.0.0.1:" + node.httpAddress().getPort() + "/live/court8/index.m3u8", publisher,
                        Duration.ofSeconds(30));
                chromium.open("http://127.0.0.1:" + node.httpAddress().getPort() + "/watch/court8");
                chromium.waitUntil("return window.courtcastPlayer.stats().playing", Duration.ofSeconds(30));
                assertThat(((Number) chromium.execute("return window.courtcastPlayer.hls().levels.length")).intValue())
                        .as(chromium.consoleLog()).isEqualTo(3);
                JsonObject start = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
                int playing = ((Number) chromium.execute("const hls = window.courtcastPlayer.hls();"
                        + "return hls.levels[hls.currentLevel].height")).intValue();
                int switches = 0;
                for (int height : List.of(240, 480, 360, 240)) {
                    switches += height == playing ? 0 : 1;
                    playing = height;
                    // loadLevel switches as hls.js's own ABR does: the next part comes from the new
                    // rendition, appended after what is buffered (nextLevel and currentLevel instead
                    // flush the buffer ahead and wait for the new rendition's media at the live edge).
                    // hls.js 1.7 asked to switch while the buffer ends with a segment's last part
                    // sometimes stalls at that segment's end: it reloads the new rendition's last
                    // part over the buffered one and then waits before the next segment's first part
                    // (its timeline of the new rendition, from the playlist, and the buffered media's
                    // differ by a millisecond there). Switch from inside a segment, as a real ABR
                    // decision lands most of the time (README, "The transcoding ladder", says so).
                    chromium.waitUntil("const last = window.courtcastPlayer.stats().lastBuffered;"
                            + "return last !== null && last.part !== null && last.part <= 2", Duration.ofSeconds(5));
                    chromium.execute("const hls = window.courtcastPlayer.hls();"
                            + "hls.loadLevel = hls.levels.findIndex(l => l.height === " + height + ");");
                    chromium.waitUntil("const hls = window.courtcastPlayer.hls();"
                            + "return hls.currentLevel >= 0 && hls.levels[hls.currentLevel].height === " + height
                            + " && window.courtcastPlayer.stats().playing", Duration.ofSeconds(15));
                    Thread.sleep(2_000); // play on the new rung for a while
                    // The player may be landing on a skip to the live edge right now (a seek, not a
                    // stall: the stall count below tells those apart), which takes a moment. The
                    // page skips no more while a switch refills the buffer (a skip then used to
                    // land on flushed media and wait seconds), so it is never long.
                    chromium.waitUntil("return window.courtcastPlayer.stats().playing", Duration.ofSeconds(3));
                }
                JsonObject end = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
                SteadyPlayback.assertNoNewStalls(start, end, chromium);
                assertThat(end.getJsonArray("errors").stream().map(JsonObject.class::cast)
                        .filter(e -> e.getBoolean("fatal", false)).toList()).isEmpty();
                // hls.js may start on any rung: a switch to the rung already playing changes nothing.
                assertThat(end.getInteger("levelSwitches") - start.getInteger("levelSwitches"))
                        .isGreaterThanOrEqualTo(switches);
                // Four rungs, each played for 2 s after its switch; how long a switch takes varies.
                assertThat(end.getDouble("currentTime") - start.getDouble("currentTime")).isGreaterThan(7.5);
            } finally {
                publisher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
