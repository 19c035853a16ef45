package com.courtcast.loadtest.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TranscodeMeasurementTest {

    private static TranscodeMeasurement measurement(String tool, double cpu, double wall) {
        return new TranscodeMeasurement(tool, "720p30", 1, 20, cpu, wall, cpu + 1.5, 10,
                List.of(new RungOutput("480p", 600, 10, 3_000_000), new RungOutput("360p", 600, 10, 1_500_000)),
                1200, 20, 0);
    }

    @Test
    void cpuPerInputSecondAndRealTimeFactorComeFromTheSpan() {
        TranscodeMeasurement m = measurement("courtcast", 8.5, 12.5);

        assertThat(m.cpuPerInputSecond()).isCloseTo(0.425, within(1e-9));
        assertThat(m.realTimeFactor()).isCloseTo(1.6, within(1e-9));
        assertThat(m.rungs().getFirst().kbps(m.inputSeconds())).isCloseTo(1200, within(1e-9));
    }

    @Test
    void theDriversResultSurvivesItsTripThroughProperties() {
        TranscodeMeasurement m = measurement("courtcast", 8.5, 12.5);

        assertThat(TranscodeMeasurement.fromProperties(m.toProperties())).isEqualTo(m);
    }

    @Test
    void aDriverResultWithoutAFigureIsRefusedNamingIt() {
        Properties p = measurement("courtcast", 8.5, 12.5).toProperties();
        p.remove("cpuSeconds");
        assertThatThrownBy(() -> TranscodeMeasurement.fromProperties(p)).hasMessageContaining("no cpuSeconds");
        p.setProperty("cpuSeconds", "lots");
        assertThatThrownBy(() -> TranscodeMeasurement.fromProperties(p))
                .hasMessageContaining("cpuSeconds is not a number: 'lots'");
    }

    @Test
    void theComparisonTakesTheMedianOfEachToolAndTheirRatio() {
        List<TranscodeMeasurement> runs = List.of(measurement("courtcast", 8.0, 10), measurement("ffmpeg", 8.0, 16),
                measurement("courtcast", 9.0, 20), measurement("ffmpeg", 7.6, 8));

        CpuComparison c = CpuComparison.of("720p30", runs);

        assertThat(c.runs()).isEqualTo(2);
        assertThat(c.courtcastCpu()).isCloseTo(0.425, within(1e-9));
        assertThat(c.ffmpegCpu()).isCloseTo(0.39, within(1e-9));
        assertThat(c.ratio()).isCloseTo(0.425 / 0.39, within(1e-9));
        assertThat(c.goalMet()).isFalse();
        assertThat(c.courtcastRtf()).isCloseTo(1.5, within(1e-9));
        assertThat(c.ffmpegRtf()).isCloseTo(1.875, within(1e-9));
        assertThat(CpuComparison.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThatThrownBy(() -> CpuComparison.of("1080p30", runs)).hasMessageContaining("no courtcast measurement");
    }

    @Test
    void jsonRoundsButKeepsEveryRung() {
        Map<String, Object> json = measurement("ffmpeg", 7.81234, 15.655).json();

        assertThat(json).containsEntry("cpuPerInputSecond", 0.3906).containsEntry("realTimeFactor", 1.278);
        assertThat((List<?>) json.get("rungs")).hasSize(2);
    }
}
