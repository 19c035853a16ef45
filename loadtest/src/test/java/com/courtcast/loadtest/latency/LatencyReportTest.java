package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.loadtest.latency.LatencyRunResult.MachineLoad;
import com.courtcast.loadtest.latency.LatencyRunResult.PlayerMeasures;
import com.courtcast.loadtest.latency.LatencyRunResult.ServerMetrics;
import com.courtcast.loadtest.report.MachineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyReportTest {

    @TempDir
    Path repo;

    private LatencyReport report() {
        LatencyBenchOptions options = LatencyBenchOptions.parse(List.of(), repo);
        return new LatencyReport(new LatencyReport.Setup("./courtcast bench latency --seconds 60",
                new MachineInfo(2, "Test CPU", 24, "Debian", "6.1", "OpenJDK 25"), "nginx 1.22.1 + libnginx-mod-rtmp",
                options, LocalDate.of(2026, 11, 27),
                TeePublisher.command(List.of("rtmp://127.0.0.1:PORT/live/KEY"), Duration.ofSeconds(150))));
    }

    private static PlayerMeasures player(double g2gMillis, double offsetMillis, double lagMillis) {
        Distribution g2g = Distribution.of(List.of(g2gMillis, g2gMillis + 100));
        return new PlayerMeasures(g2g, Distribution.of(List.of(g2gMillis + offsetMillis, g2gMillis + offsetMillis + 100)),
                Distribution.of(List.of(0.6, 0.7)), Distribution.of(List.of(0.6)), Distribution.of(List.of(lagMillis)),
                Distribution.of(List.of(lagMillis + offsetMillis)), Distribution.of(List.of(0.7)), Distribution.EMPTY,
                Distribution.of(List.of(2.5)), 6000, 0, 0, 0, 1.0, 1.0, Distribution.of(List.of(1.0)), 20,
                180L << 20);
    }

    private static LatencyRunResult run(long partTargetMillis, double g2gMillis, double answerDelayP99) {
        ServerMetrics metrics = new ServerMetrics(35, 50, 58, 70, 33, 290, 1.8, answerDelayP99, 48, 1.8, 290, Double.isNaN(answerDelayP99) ? Double.NaN : answerDelayP99 <= 10 ? 99.5 : 97.0, 191, 266);
        return new LatencyRunResult(Duration.ofMillis(partTargetMillis), 60.0, player(g2gMillis, 500, -490),
                player(4000, 0, 8), metrics, new MachineLoad(150, 120, 14, "4.1 4.4 4.6", "3.7 4.3 4.5"),
                new ClockAlignment.Result(1500, Distribution.of(List.of(1000.0, 1003.0)), null), "1.7.4",
                List.of("a note"), null);
    }

    @Test
    void goalsAreMetOrNotAtTheirPartTargetAndForInformationElsewhere() {
        String md = report().markdown(List.of(run(200, 800, 4), run(333, 1100, 12)));
        assertThat(md).contains("| glass-to-glass p50 <= 1.0 s, by PROGRAM-DATE-TIME | 0.2 s | 0.80 s | met |");
        assertThat(md).contains("| glass-to-glass p50 <= 1.0 s, on the arrival clock | 0.2 s | 1.30 s | **not met** |");
        assertThat(md).contains("| glass-to-glass p50 <= 1.0 s, by PROGRAM-DATE-TIME | 0.333 s | 1.10 s | (would not be met) |");
        assertThat(md).contains("| glass-to-glass p95 <= 1.5 s, by PROGRAM-DATE-TIME | 0.333 s | 1.20 s | (would be met) |");
        assertThat(md).contains("within 10 ms of its part (p99), share within 10 ms in the window | 0.2 s | 99.50 % | met |");
        assertThat(md).contains("within 10 ms of its part (p99), share within 10 ms in the window | 0.333 s | 97.00 % | **not met** |");
    }

    @Test
    void eachRunComparesBothServersAndStatesItsConditions() {
        String md = report().markdown(List.of(run(200, 800, 4)));
        assertThat(md).contains("## PART-TARGET 0.2 s");
        assertThat(md).contains("| **glass-to-glass** by the server's own dates, p50 / p95 / max, s | 0.80 / 0.90 / 0.90 "
                + "(PROGRAM-DATE-TIME) | 4.00 / 4.10 / 4.10 (fragment names) |");
        assertThat(md).contains("| **glass-to-glass on the arrival clock**, p50 / p95 / max, s | 1.30 / 1.40 / 1.40 | "
                + "4.00 / 4.10 / 4.10 |");
        assertThat(md).contains("| listing lag on the arrival clock, p50 / p95 / max, ms | 10 / 10 / 10 | 8 / 8 / 8 |");
        assertThat(md).contains("PROGRAM-DATE-TIME runs +500 ms (nginx's 2 fragment anchors spread over 3 ms) late");
        assertThat(md).contains("busy 150, the benchmark's processes 120 (of which ffmpeg 14), others 30");
        assertThat(md).contains("- a note");
        assertThat(md).contains("- Command: `./courtcast bench latency --seconds 60`");
        assertThat(md).contains("\"[f=flv:onfail=ignore]rtmp://127.0.0.1:PORT/live/KEY\"");
        assertThat(md).contains("## How to read this");
    }

    @Test
    void aFailedRunSaysWhyAndMissingFiguresAreNoData() {
        LatencyRunResult failed = LatencyRunResult.failed(Duration.ofMillis(333), "nginx did not start\nat all",
                List.of());
        String md = report().markdown(List.of(run(200, 800, Double.NaN), failed));
        assertThat(md).contains("The run failed: nginx did not start / at all");
        assertThat(md).contains("| all | 0.333 s | - | run failed |");
        assertThat(md).contains("within 10 ms of its part (p99), share within 10 ms in the window | 0.2 s | - % | no data |");
    }

    @Test
    void writesMarkdownJsonAndTheLatestCopy() throws Exception {
        Path written = report().write(List.of(run(200, 800, 4)));
        Path results = repo.resolve("loadtest/results");
        assertThat(written).isEqualTo(results.resolve("latency-2026-11-27.md"));
        assertThat(Files.readString(results.resolve("latency-latest.md"))).isEqualTo(Files.readString(written));
        String json = Files.readString(results.resolve("latency-2026-11-27.json"));
        assertThat(json).contains("\"benchmark\": \"latency\"", "\"partTargetMillis\": 200",
                "\"courtcastDateTimeLateMillis\": 500.0", "\"crossCheckMillis\"");
        assertThat(json).doesNotContain("NaN");
    }

    @Test
    void quotesArgumentsAShellWouldSplit() {
        assertThat(LatencyReport.shellJoin(List.of("ffmpeg", "-i", "a b", "x|y", "-t", "5")))
                .isEqualTo("ffmpeg -i \"a b\" \"x|y\" -t 5");
    }
}
