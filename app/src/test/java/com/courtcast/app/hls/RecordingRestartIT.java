package com.courtcast.app.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.testing.ExternalProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that stops in the middle of a hearing leaves a recording that the next process on the
 * same data directory serves as a complete VOD.
 */
class RecordingRestartIT {

    private static final String KEY = "restart-key-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void recordingsSurviveAProcessRestart() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (Node node = Node.start(LiveHlsIT.settings(dataDir), List.of("court4:" + KEY),
                EnumSet.of(Role.INGEST, Role.ORIGIN));
             ExternalProcess publisher = ExternalProcess.start(TestStreams.publish(
                     "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY, 60))) {
            String base = "http://127.0.0.1:" + node.httpAddress().getPort();
            LiveHlsIT.awaitOk(http, base + "/live/court4/index.m3u8", publisher);
            Thread.sleep(6_000);
            HttpResponse<String> whileLive = LiveHlsIT.get(http, base + "/vod/court4/index.m3u8");
            assertThat(whileLive.body()).contains("#EXT-X-PLAYLIST-TYPE:EVENT").doesNotContain("#EXT-X-ENDLIST");
        } // the node stops with the hearing still live

        try (Node restarted = Node.start(LiveHlsIT.settings(dataDir), List.of(), EnumSet.of(Role.INGEST, Role.ORIGIN))) {
            String base = "http://127.0.0.1:" + restarted.httpAddress().getPort();
            HttpResponse<String> vod = LiveHlsIT.get(http, base + "/vod/court4/index.m3u8");
            assertThat(vod.statusCode()).isEqualTo(200);
            assertThat(vod.body()).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
            String recording = ExternalProcess.run(Duration.ofSeconds(60), TestStreams.decode(base + "/vod/court4/index.m3u8", 3600));
            assertThat(TestStreams.errors(recording)).isEmpty();
            assertThat(TestStreams.decodedSeconds(recording)).isGreaterThan(5);
        }
    }
}
