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
 * An encoder killed mid-hearing comes back within the reconnect grace: an ffmpeg reader attached
 * to the live playlist keeps reading across the discontinuity until the hearing ends, and the
 * recording holds both publishes with one discontinuity between them.
 */
class ReconnectIT {

    private static final String KEY = "reconnect-key-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void aReaderKeepsReadingAcrossAReconnect() throws Exception {
        try (Node node = Node.start(LiveHlsIT.settings(dataDir), List.of("court3:" + KEY),
                EnumSet.of(Role.INGEST, Role.ORIGIN))) {
            String rtmp = "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY;
            String base = "http://127.0.0.1:" + node.httpAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();

            ExternalProcess reader;
            try (ExternalProcess first = ExternalProcess.start(TestStreams.publish(rtmp, 60))) {
                LiveHlsIT.awaitOk(http, base + "/live/court3/index.m3u8", first);
                reader = ExternalProcess.start(TestStreams.decode(base + "/live/court3/index.m3u8", 3600));
                Thread.sleep(6_000);
                first.kill(); // no unpublish, no FIN from the encoder's side of the story
            }
            Thread.sleep(1_000);
            try (reader; ExternalProcess second = ExternalProcess.start(TestStreams.publish(rtmp, 8))) {
                assertThat(second.await(Duration.ofSeconds(30))).as(second.output()).isZero();
                // The hearing ends 3 s after the second publisher leaves, and with it the reader.
                assertThat(reader.await(Duration.ofSeconds(40))).as(reader.output()).isZero();
                assertThat(TestStreams.errors(reader.output())).isEmpty();
                // It read the rest of the first publish and all of the second.
                assertThat(TestStreams.decodedSeconds(reader.output())).isGreaterThan(11);
            }

            HttpResponse<String> live = LiveHlsIT.get(http, base + "/live/court3/source.m3u8");
            assertThat(live.body()).contains("#EXT-X-DISCONTINUITY\n").endsWith("#EXT-X-ENDLIST\n");
            HttpResponse<String> vod = LiveHlsIT.get(http, base + "/vod/court3/index.m3u8");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!vod.body().contains("#EXT-X-ENDLIST") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                vod = LiveHlsIT.get(http, base + "/vod/court3/index.m3u8");
            }
            assertThat(vod.body()).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
            assertThat(vod.body().split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(2);
            String recording = ExternalProcess.run(Duration.ofSeconds(60), TestStreams.decode(base + "/vod/court3/index.m3u8", 3600));
            assertThat(TestStreams.errors(recording)).isEmpty();
            assertThat(TestStreams.decodedSeconds(recording)).isGreaterThan(13);
        }
    }
}
