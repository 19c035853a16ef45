package com.courtcast.loadtest.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkResultTest {

    private static final String OUTPUT = """
            Running 15s test @ http://127.0.0.1:40123/live/bench/source.m3u8
              2 threads and 200 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     3.21ms    1.02ms  30.12ms   85.00%
                Req/Sec    31.20k     2.10k   35.00k    70.00%
              Latency Distribution
                 50%  812.00us
                 75%    3.50ms
                 90%    4.20ms
                 99%    1.20s
              930000 requests in 15.00s, 1.05GB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:  62000.50
            Transfer/sec:     70.25MB
            """;

    @Test
    void readsThroughputPercentilesInTheirUnitsAndErrors() {
        WrkResult result = WrkResult.parse(OUTPUT);

        assertThat(result.requestsPerSecond()).isEqualTo(62000.50);
        assertThat(result.bytesPerSecond()).isCloseTo(70.25 * 1024 * 1024, within(1.0));
        assertThat(result.p50Millis()).isCloseTo(0.812, within(1e-9));
        assertThat(result.p99Millis()).isEqualTo(1200.0);
        assertThat(result.requests()).isEqualTo(930_000);
        assertThat(result.socketErrors()).isEqualTo(5);
        assertThat(result.non2xx()).isEqualTo(7);
        assertThat(result.clean()).isFalse();
    }

    @Test
    void aReportWithoutLatencyDistributionIsRefused() {
        String withoutDistribution = OUTPUT.replaceAll("(?s)  Latency Distribution.*?99%[^\\n]*\\n", "");

        assertThatThrownBy(() -> WrkResult.parse(withoutDistribution))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--latency");
    }

    @Test
    void aFailedRunNamesWhatIsMissing() {
        assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Requests/sec");
    }
}
