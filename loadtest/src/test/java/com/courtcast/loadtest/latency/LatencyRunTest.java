package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRunTest {

    private static JsonArray samples() {
        return new JsonArray()
                .add(new JsonObject().put("t", 1_000_000L).put("ct", 10.0).put("latency", 1.2).put("pdt", 500))
                .add(new JsonObject().put("t", 1_000_250L).put("ct", 10.25).putNull("latency").put("pdt", 510))
                .add(new JsonObject().put("t", 1_010_000L).put("ct", 21.0).put("latency", 1.1).putNull("pdt"));
    }

    @Test
    void takesTheNumbersOfOneFieldAndSkipsNulls() {
        assertThat(LatencyRun.samplesOf(samples(), "latency")).containsExactly(1.2, 1.1);
        assertThat(LatencyRun.samplesOf(samples(), "pdt")).containsExactly(500.0, 510.0);
        assertThat(LatencyRun.samplesOf(samples(), "named")).isEmpty();
    }

    @Test
    void thePlayheadSpeedIsPlayheadTimeOverWallTime() {
        assertThat(LatencyRun.playheadSpeed(samples())).isEqualTo(1.1);
        assertThat(LatencyRun.playheadSpeed(new JsonArray())).isNaN();
    }

    @Test
    void movesFiguresOntoAnotherClock() {
        assertThat(LatencyRun.shifted(List.of(1.0, -2.0), 10)).containsExactly(11.0, 8.0);
    }

    @Test
    void readsCourtcastsTimersAsMillisecondsWithWindowMeans() {
        String before = """
                courtcast_packager_part_lag_seconds_count 100.0
                courtcast_packager_part_lag_seconds_sum 3.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.001"} 10.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.002"} 50.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.005"} 80.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.01"} 85.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.02"} 88.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.05"} 89.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.1"} 90.0
                courtcast_origin_blocking_answer_delay_seconds_count 90.0
                courtcast_origin_blocking_answer_delay_seconds_sum 0.09
                """;
        String after = """
                courtcast_packager_part_lag_seconds{quantile="0.5"} 0.0346
                courtcast_packager_part_lag_seconds{quantile="0.95"} 0.0409
                courtcast_packager_part_lag_seconds{quantile="0.99"} 0.043
                courtcast_packager_part_lag_seconds_count 400.0
                courtcast_packager_part_lag_seconds_sum 15.0
                courtcast_packager_part_lag_seconds_max 0.1069
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.001"} 70.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.002"} 200.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.005"} 377.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.01"} 382.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.02"} 388.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.05"} 389.0
                courtcast_origin_blocking_answer_delay_seconds_bucket{le="0.1"} 390.0
                courtcast_origin_blocking_answer_delay_seconds_count 390.0
                courtcast_origin_blocking_answer_delay_seconds_sum 0.69
                courtcast_origin_blocking_answer_delay_seconds_max 0.054
                courtcast_origin_blocking_wait_seconds{quantile="0.5"} 0.185
                courtcast_origin_blocking_wait_seconds{quantile="0.99"} 0.201
                """;
        LatencyRunResult.ServerMetrics m = LatencyRun.serverMetrics(before, after);
        assertThat(m.partLagP50()).isCloseTo(34.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.partLagMax()).isCloseTo(106.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.partLagWindowCount()).isEqualTo(300);
        assertThat(m.partLagWindowMean()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
        // Window buckets: 60 <= 1 ms, 150 <= 2 ms, 297 <= 5 ms and 10 ms, 300 <= 20 ms.
        assertThat(m.answerDelayP50()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.answerDelayP99()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.answerDelayWindowMean()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        // 297 of the window's 300 answers within 10 ms (a warm-up outlier before it does not count).
        assertThat(m.answerWithin10msWindowPercent()).isCloseTo(99.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.blockingWaitP99()).isCloseTo(201, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aMetricTheServerDoesNotExportIsNaN() {
        LatencyRunResult.ServerMetrics m = LatencyRun.serverMetrics("", "");
        assertThat(m.partLagP50()).isNaN();
        assertThat(m.partLagWindowCount()).isZero();
        assertThat(m.answerDelayWindowMean()).isNaN();
        assertThat(m.answerWithin10msWindowPercent()).isNaN();
    }
}
