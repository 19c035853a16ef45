package com.courtcast.loadtest.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.loadtest.edge.PartPosition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddedLatencyResultTest {

    private static final long MS = 1_000_000;

    @Test
    void partsArePairedByPositionAndOnlySourcePartsInTheWindowCount() {
        Map<PartPosition, Long> source = Map.of(
                new PartPosition(9, 3), 900 * MS,    // before the window
                new PartPosition(10, 0), 1000 * MS,
                new PartPosition(10, 1), 1333 * MS,
                new PartPosition(10, 2), 1666 * MS,  // the rung never listed it
                new PartPosition(11, 0), 2000 * MS); // at the window's end: outside
        Map<PartPosition, Long> rung = Map.of(
                new PartPosition(9, 3), 950 * MS,
                new PartPosition(10, 0), 1040 * MS,
                new PartPosition(10, 1), 1453 * MS,
                new PartPosition(11, 0), 2010 * MS,
                new PartPosition(12, 0), 2500 * MS);

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
                Map.of(new PartPosition(1, 0), 10 * MS), Map.of(), 0, 100 * MS);

        assertThat(r.sourceParts()).isEqualTo(1);
        assertThat(r.matched()).isZero();
        assertThat(r.goalMet()).isFalse();
    }

    @Test
    void aP95AboveTheGoalIsNotMet() {
        AddedLatencyResult.RungLatency r = AddedLatencyResult.compare("480p",
                Map.of(new PartPosition(1, 0), 0L), Map.of(new PartPosition(1, 0), 151 * MS), 0, 100 * MS);

        assertThat(r.addedMillis().p95()).isEqualTo(151.0);
        assertThat(r.goalMet()).isFalse();
    }
}
