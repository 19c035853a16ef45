package com.courtcast.app.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
import com.courtcast.common.testing.ExternalProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ffmpeg publishes through the ingest; FFmpeg's own HLS client then judges what the origin
 * serves: ffprobe reads the live multivariant and media playlists, ffmpeg decodes 20 s of the
 * live stream, and after the hearing ends the whole recording from /vod.
 */
class LiveHlsIT {

    private static final String KEY = "live-hls-key-0123456789";
    private static final int PUBLISH_SECONDS = 30;

    @TempDir
    Path dataDir;

    static Settings settings(Path dataDir) {
        return Settings.empty()
                .override("ingest.bindHost", "127.0.0.1").override("ingest.port", 0)
                .override("http.bindHost", "127.0.0.1").override("http.port", 0)
                .override("node.dataDir", dataDir.toString())
                .override("origin.reconnectGrace", "3s");
    }

    @Test
    void ffmpegPlaysTheLiveStreamAndTheRecording() throws Exception {
        try (Node node = Node.start(settings(dataDir), List.of("court1:" + KEY), EnumSet.of(Role.INGEST, Role.ORIGIN));
             ExternalProcess publisher = ExternalProcess.start(TestStreams.publish(
                     "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY, PUBLISH_SECONDS))) {
            String base = "http://127.0.0.1:" + node.httpAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();

            // 404 until the encoder connects; then the request waits for the first complete segment.
            HttpResponse<String> multivariant = awaitOk(http, base + "/live/court1/index.m3u8", publisher);
            assertThat(multivariant.headers().firstValue("content-type")).hasValue("application/vnd.apple.mpegurl");
            assertThat(multivariant.body()).contains("CODECS=\"avc1.", ",mp4a.40.2\"", "RESOLUTION=320x240",
                    "FRAME-RATE=30.000", "source.m3u8");

            HttpResponse<String> media = get(http, base + "/live/court1/source.m3u8");
            assertThat(media.body()).contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES", "#EXT-X-PART-INF:PART-TARGET=",
                    "#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-PRELOAD-HINT:TYPE=PART", "INDEPENDENT=YES");

            String probe = ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,width,height,sample_rate", "-of", "compact", base + "/live/court1/index.m3u8"));
            assertThat(probe).contains("codec_name=h264|width=320|height=240", "codec_name=aac|sample_rate=48000");

            String live = ExternalProcess.run(Duration.ofSeconds(60), TestStreams.decode(base + "/live/court1/index.m3u8", 20));
            assertThat(TestStreams.errors(live)).isEmpty();
            assertThat(TestStreams.decodedSeconds(live)).isGreaterThan(19);

            assertThat(publisher.await(Duration.ofSeconds(PUBLISH_SECONDS + 30))).as(publisher.output()).isZero();
            // The hearing ends after the reconnect grace; its recording is served within 10 s.
            long deadline = System.nanoTime() + Duration.ofSeconds(3 + 10).toNanos();
            HttpResponse<String> vod = get(http, base + "/vod/court1/index.m3u8");
            while (!vod.body().contains("#EXT-X-ENDLIST")) {
                assertThat(System.nanoTime()).as("VOD playlist ended in time").isLessThan(deadline);
                Thread.sleep(200);
                vod = get(http, base + "/vod/court1/index.m3u8");
            }
            assertThat(vod.body()).contains("#EXT-X-PLAYLIST-TYPE:VOD").doesNotContain("#EXT-X-DISCONTINUITY\n");
            assertThat(get(http, base + "/live/court1/source.m3u8").body()).endsWith("#EXT-X-ENDLIST\n");

            String recording = ExternalProcess.run(Duration.ofSeconds(60), TestStreams.decode(base + "/vod/court1/index.m3u8", 3600));
            assertThat(TestStreams.errors(recording)).isEmpty();
            assertThat(TestStreams.decodedSeconds(recording)).isBetween(PUBLISH_SECONDS - 1.0, PUBLISH_SECONDS + 1.0);
        }
    }

    static HttpResponse<String> awaitOk(HttpClient http, String url, ExternalProcess publisher) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> response = get(http, url);
        while (response.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = get(http, url);
        }
        assertThat(response.statusCode()).as(publisher.output()).isEqualTo(200);
        return response;
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
