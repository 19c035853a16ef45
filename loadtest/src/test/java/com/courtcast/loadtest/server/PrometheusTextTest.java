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
    void saysWhenAMetricIsMissing() {
        assertThat(PrometheusText.sum(EXPOSITION, "courtcast_ingest_bytes_total")).isEqualTo(-1);
    }
}
