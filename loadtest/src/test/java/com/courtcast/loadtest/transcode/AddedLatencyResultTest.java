package com.courtcast.loadtest.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AddedLatencyResultTest {

    private static final long MS = 1_000_000;

    @Test
    void partsArePairedByPositionAndOnlySourcePartsInTheWindowCount() {
        Map<String, Long> source = Map.of(
                "source-ab12-9.3.m4s", 900 * MS,    // before the window
                "source-ab12-10.0.m4s", 1000 * MS,
                "source-ab12-10.1.m4s", 1333 * MS,
                "source-ab12-10.2.m4s", 1666 * MS,  // the rung never listed it
                "source-ab12-11.0.m4s", 2000 * MS); // at the window's end: outside
        Map<String, Long> rung = Map.of(
                "360p-cd34-9.3.m4s", 950 * MS,
                "360p-cd34-10.0.m4s", 1040 * MS,
                "360p-cd34-10.1.m4s", 1453 * MS,
                "360p-cd34-11.0.m4s", 2010 * MS,
                "360p-cd34-init.mp4", 1 * MS);

        AddedLatencyResult.RungLatency r = AddedLatencyResult.compare("360p", source, rung, 1000 * MS, 2000 * MS);

        assertThat(r.rung()).isEqualTo("360p");
        assertThat(r.sourceParts()).isEqualTo(3);
        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.addedMillis().min()).isEqualTo(40.0);
        assertThat(r.addedMillis().max()).isEqualTo(120.0);
        assertThat(r.addedMillis().p50()).isEqualTo(40.0);
        assertThat(r.goalMet()).isTrue();
    }

    @Test
    void aRungWithoutMatchingPartsDoesNotMeetTheGoal() {
        AddedLatencyResult.RungLatency r = AddedLatencyResult.compare("480p",
                Map.of("source-a-1.0.m4s", 10 * MS), Map.of(), 0, 100 * MS);

        assertThat(r.sourceParts()).isEqualTo(1);
        assertThat(r.matched()).isZero();
        assertThat(r.goalMet()).isFalse();
    }

    @Test
    void aP95AboveTheGoalIsNotMet() {
        AddedLatencyResult.RungLatency r = AddedLatencyResult.compare("480p",
                Map.of("source-a-1.0.m4s", 0L), Map.of("480p-b-1.0.m4s", 151 * MS), 0, 100 * MS);

        assertThat(r.addedMillis().p95()).isEqualTo(151.0);
        assertThat(r.goalMet()).isFalse();
    }
}
