package com.courtcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.demo.TestPatternPublisher;
import com.courtcast.common.config.Settings;
import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.TrackType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * JavaCV's recorder (FFmpeg's libavformat RTMP client and libx264, driven through the C API) as
 * an independent publisher: every frame it sends arrives, keyframes where its GOP puts them,
 * timestamps at its frame rate, and the node's /metrics and /healthz report it.
 */
class JavacvPublishIT {

    private static final String KEY = "javacv-key-0123456789";

    @Test
    void javacvRecorderPublishesEveryFrameWithItsTiming() throws Exception {
        Settings settings = Settings.empty()
                .override("ingest.bindHost", "127.0.0.1").override("ingest.port", 0)
                .override("http.bindHost", "127.0.0.1").override("http.port", 0);
        try (Node node = Node.start(settings, List.of("court2:" + KEY), EnumSet.of(Role.INGEST))) {
            List<MediaEvent> events = new CopyOnWriteArrayList<>();
            node.liveStreams().subscribe("court2", "test", event -> events.add(
                    event instanceof AccessUnit unit
                            ? new AccessUnit(unit.track(), unit.dtsMillis(), unit.compositionOffsetMillis(),
                                    unit.keyframe(), io.netty.buffer.Unpooled.EMPTY_BUFFER)
                            : event));
            int frames = 90;
            TestPatternPublisher publisher = new TestPatternPublisher(
                    "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY,
                    new TestPatternPublisher.Settings(320, 240, 30, 400_000, 30, frames)).start();
            assertThat(publisher.await(Duration.ofSeconds(60))).isNull();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.stream().noneMatch(MediaEvent.PublishEnded.class::isInstance)) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            List<AccessUnit> video = events.stream().filter(AccessUnit.class::isInstance).map(AccessUnit.class::cast)
                    .filter(u -> u.track() == TrackType.VIDEO).toList();
            assertThat(video).hasSize(frames);
            // The recorder starts its clock where its muxer likes (about 20 ms in); spacing is what counts.
            long first = video.get(0).dtsMillis();
            assertThat(video.stream().filter(AccessUnit::keyframe).map(u -> u.dtsMillis() - first))
                    .containsExactly(0L, 1000L, 2000L);
            for (int i = 1; i < video.size(); i++) {
                assertThat(video.get(i).dtsMillis() - video.get(i - 1).dtsMillis()).isBetween(33L, 34L);
            }
            AvcConfig avc = events.stream().filter(MediaEvent.ConfigChanged.class::isInstance)
                    .map(e -> ((MediaEvent.ConfigChanged) e).config()).filter(AvcConfig.class::isInstance)
                    .map(AvcConfig.class::cast).findFirst().orElseThrow();
            assertThat(avc.width()).isEqualTo(320);
            assertThat(avc.height()).isEqualTo(240);
            AacConfig aac = events.stream().filter(MediaEvent.ConfigChanged.class::isInstance)
                    .map(e -> ((MediaEvent.ConfigChanged) e).config()).filter(AacConfig.class::isInstance)
                    .map(AacConfig.class::cast).findFirst().orElseThrow();
            assertThat(aac.sampleRate()).isEqualTo(48_000);
            assertThat(aac.channelCount()).isEqualTo(1);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + node.httpAddress().getPort();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("courtcast_ingest_frames_total{type=\"video\"} " + frames + ".0");
            assertThat(metrics.body()).contains("courtcast_ingest_publishers_active 0.0");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"ingest\":\"ready\"");
        }
    }
}
