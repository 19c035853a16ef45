package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBenchOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsAreTheIssuesRun() {
        LatencyBenchOptions o = LatencyBenchOptions.parse(List.of(), ROOT);
        assertThat(o.partTargets()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(333));
        assertThat(o.windowSeconds()).isEqualTo(60);
        assertThat(o.warmupSeconds()).isEqualTo(10);
        assertThat(o.resultsDir()).isEqualTo(Path.of("/repo/loadtest/results"));
    }

    @Test
    void partTargetsInSecondsOrWithUnits() {
        LatencyBenchOptions o = LatencyBenchOptions.parse(
                List.of("--part-targets", "0.2, 0.333s,500ms,1", "--seconds", "30", "--warmup", "0"), ROOT);
        assertThat(o.partTargets()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(333),
                Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(o.windowSeconds()).isEqualTo(30);
        assertThat(o.warmupSeconds()).isZero();
    }

    @Test
    void refusesWhatCourtCastWouldRefuse() {
        assertThatThrownBy(() -> LatencyBenchOptions.parse(List.of("--part-targets", "0.1"), ROOT))
                .hasMessageContaining("200ms..1s").hasMessageContaining("0.1");
        assertThatThrownBy(() -> LatencyBenchOptions.parse(List.of("--part-targets", "fast"), ROOT))
                .hasMessageContaining("'fast'");
        assertThatThrownBy(() -> LatencyBenchOptions.parse(List.of("--seconds", "0"), ROOT))
                .hasMessageContaining("--seconds");
        assertThatThrownBy(() -> LatencyBenchOptions.parse(List.of("--seconds"), ROOT))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LatencyBenchOptions.parse(List.of("--publishers", "5"), ROOT))
                .hasMessageContaining("unknown flag --publishers");
    }

    @Test
    void namesPartTargetsAsTheReportAndConfigurationDo() {
        assertThat(LatencyBenchOptions.label(Duration.ofMillis(200))).isEqualTo("0.2 s");
        assertThat(LatencyBenchOptions.label(Duration.ofMillis(333))).isEqualTo("0.333 s");
        assertThat(LatencyBenchOptions.label(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(LatencyBenchOptions.configValue(Duration.ofMillis(333))).isEqualTo("333ms");
    }
}
