package com.courtcast.loadtest.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.courtcast.loadtest.latency.Distribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewerRunResultTest {

    @Test
    void cpuPerViewerPerPartSpreadsTheWindowsCpuOverEveryViewersParts() {
        // 2,000 viewers, 90 parts in 30 s: 50 % of a core is 15 CPU seconds over 180,000 viewer-parts.
        ViewerRunResult run = run(2000, 90, 50.0, 40.0);

        assertThat(run.serverCpuMicrosPerViewerPart()).isCloseTo(83.3, within(0.1));
        assertThat(run.benchCpuMicrosPerViewerPart()).isCloseTo(66.7, within(0.1));
        assertThat(run(2000, 0, 50.0, 40.0).serverCpuMicrosPerViewerPart()).isNaN();
    }

    @Test
    void offloadCountsEveryRequestTheOriginSaw() {
        ViewerRunResult run = run(2000, 90, 50.0, 40.0);

        assertThat(run.originPartRequestsPerPart()).isEqualTo(1.0);
        assertThat(run.offloadPercent()).isCloseTo(100.0 * (1 - 180.0 / 360_000), within(1e-9));
    }

    private static ViewerRunResult run(int viewers, int parts, double serverCpu, double benchCpu) {
        return new ViewerRunResult("courtcast", viewers, 30, parts, parts, parts, 0, 2L * viewers * parts,
                (long) viewers * parts, (long) viewers * parts, Distribution.EMPTY, 0, 0, 0, null, serverCpu, 300,
                benchCpu, new double[] {1, 1}, List.of());
    }
}
