package com.courtcast.loadtest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.courtcast.loadtest.flv.FlvFile;
import com.courtcast.loadtest.server.NginxRtmpServer;
import com.courtcast.loadtest.server.ServerCounters;
import com.courtcast.loadtest.testing.TinyFlv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishers against an independent RTMP server: nginx-rtmp must accept their handshake and
 * commands, count them as publishing, and receive their media at the file's pace.
 */
class PublisherFleetNginxIT {

    @TempDir
    Path dir;

    @Test
    void nginxRtmpAcceptsThePublishersAndTheirMedia() throws Exception {
        assumeTrue(Files.isExecutable(NginxRtmpServer.NGINX) && Files.exists(NginxRtmpServer.RTMP_MODULE),
                "nginx with the RTMP module is not installed");
        FlvFile file = FlvFile.read(TinyFlv.make(dir.resolve("tiny.flv"), 1));
        try (NginxRtmpServer nginx = NginxRtmpServer.start(dir, 1);
             PublisherFleet fleet = new PublisherFleet(1)) {
            List<PublishTarget> targets = List.of(
                    new PublishTarget("127.0.0.1", nginx.rtmpPort(), "live", "first-stream-key-0001"),
                    new PublishTarget("127.0.0.1", nginx.rtmpPort(), "live", "second-stream-key-0002"));
            long started = System.nanoTime();
            fleet.start(targets, file, Duration.ofMillis(100), 500);

            assertThat(fleet.awaitPublished(Duration.ofSeconds(10))).isTrue();
            Thread.sleep(1_500); // past one loop of the file

            FleetCounts counts = fleet.counts();
            double elapsedSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(counts.published()).isEqualTo(2);
            assertThat(counts.failures()).isEmpty();
            assertThat(counts.framesDropped()).isZero();
            // At least 1.5 s at 30 fps, at most what the time that really passed allows (a loaded machine
            // oversleeps), plus the frames due at once at the start; both publishers.
            assertThat(counts.videoSent()).isBetween(2L * 40, 2L * Math.round(30 * elapsedSeconds + 12));
            ServerCounters counters = nginx.counters();
            assertThat(counters.publishing()).isEqualTo(2);
            assertThat(counters.bytesReceived()).isGreaterThan(counts.bytesSent() / 2);
            assertThat(nginx.logProblems()).isEmpty();
        }
    }
}
