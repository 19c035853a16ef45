package com.courtcast.loadtest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestBenchOptionsTest {

    @Test
    void hasTheDocumentedDefaults() {
        IngestBenchOptions options = IngestBenchOptions.parse(List.of(), Path.of("/repo"));
        assertThat(options.publishers()).containsExactly(50, 100, 150, 200, 250, 300);
        assertThat(options.windowSeconds()).isEqualTo(40);
        assertThat(options.bitrateKbps()).isEqualTo(2500);
        assertThat(options.servers()).containsExactly("courtcast", "nginx");
        assertThat(options.resultsDir()).isEqualTo(Path.of("/repo/loadtest/results"));
    }

    @Test
    void readsTheFlags() {
        IngestBenchOptions options = IngestBenchOptions.parse(List.of("--publishers", "50,100,200", "--seconds", "30",
                "--bitrate", "2.5M", "--servers", "nginx"), Path.of("/repo"));
        assertThat(options.publishers()).containsExactly(50, 100, 200);
        assertThat(options.windowSeconds()).isEqualTo(30);
        assertThat(options.bitrateKbps()).isEqualTo(2500);
        assertThat(options.servers()).containsExactly("nginx");
    }

    @Test
    void namesTheFlagAndValueItRefuses() {
        assertThatThrownBy(() -> IngestBenchOptions.parse(List.of("--seconds", "-3"), Path.of("/repo")))
                .hasMessageContaining("--seconds must be > 0, was -3");
        assertThatThrownBy(() -> IngestBenchOptions.parse(List.of("--servers", "wowza"), Path.of("/repo")))
                .hasMessageContaining("'wowza'");
        assertThatThrownBy(() -> IngestBenchOptions.parse(List.of("--bitrate", "fast"), Path.of("/repo")))
                .hasMessageContaining("--bitrate");
    }

    @Test
    void namesTheTestFileAfterItsBitrate() {
        assertThat(TestStream.fileName(2500)).isEqualTo("bench-720p-2.5M.flv");
        assertThat(TestStream.fileName(6000)).isEqualTo("bench-720p-6M.flv");
        assertThat(TestStream.fileName(800)).isEqualTo("bench-720p-800k.flv");
        assertThat(TestStream.ffmpegCommand(2500, Path.of("out.flv")))
                .containsSequence("-b:v", "2400k", "-maxrate", "2500k", "-bufsize", "2500k", "-g", "60");
    }

    @Test
    void givesEachPublisherAKeyTheServerAccepts() {
        assertThat(IngestRun.streamKeys(300)).hasSize(300)
                .allSatisfy((key, name) -> assertThat(key).matches("[A-Za-z0-9_-]{16,}"));
    }
}
