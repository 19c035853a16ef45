package com.courtcast.loadtest.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String EXPOSITION = """
            # HELP courtcast_ingest_frames_total Access units received from publishers
            # TYPE courtcast_ingest_frames_total counter
            courtcast_ingest_frames_total{type="audio"} 2814.0
            courtcast_ingest_frames_total{type="video"} 1800.0
            courtcast_ingest_frames_totally_different 5.0
            courtcast_ingest_publishers_active 100.0
            """;

    @Test
    void addsUpEverySeriesOfAMetric() {
        assertThat(PrometheusText.sum(EXPOSITION, "courtcast_ingest_frames_total")).isEqualTo(4614.0);
        assertThat(PrometheusText.sum(EXPOSITION, "courtcast_ingest_publishers_active")).isEqualTo(100.0);
    }

    @Test
    void addsUpTheSeriesWithALabel() {
        String jvm = """
                # TYPE jvm_memory_committed_bytes gauge
                jvm_memory_committed_bytes{area="heap",id="G1 Eden Space"} 1.2E8
                jvm_memory_committed_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 8.0E7
                """;
        assertThat(PrometheusText.sumWhere(jvm, "jvm_memory_committed_bytes", "area", "heap")).isEqualTo(2.0E8);
        assertThat(PrometheusText.sumWhere(jvm, "jvm_memory_committed_bytes", "area", "disk")).isNaN();
    }

    @Test
    void saysWhenAMetricIsMissing() {
        assertThat(PrometheusText.sum(EXPOSITION, "courtcast_ingest_bytes_total")).isEqualTo(-1);
    }

    @Test
    void findsTheSampleWithALabel() {
        String text = """
                # TYPE courtcast_packager_part_lag_seconds summary
                courtcast_packager_part_lag_seconds{quantile="0.5"} 0.0356
                courtcast_packager_part_lag_seconds{quantile="0.95"} 0.0503
                courtcast_packager_part_lag_seconds_count 53
                courtcast_origin_blocking_answer_delay_seconds{rendition="source",quantile="0.99"} 0.048
                """;
        assertThat(PrometheusText.value(text, "courtcast_packager_part_lag_seconds", "quantile", "0.95"))
                .isEqualTo(0.0503);
        assertThat(PrometheusText.value(text, "courtcast_origin_blocking_answer_delay_seconds", "quantile", "0.99"))
                .isEqualTo(0.048);
        assertThat(PrometheusText.value(text, "courtcast_packager_part_lag_seconds", "quantile", "0.99")).isNaN();
        assertThat(PrometheusText.value(text, "courtcast_packager_part_lag", "quantile", "0.5")).isNaN();
    }
}
