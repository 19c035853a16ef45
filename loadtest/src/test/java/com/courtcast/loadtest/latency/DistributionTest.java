package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void nearestRankPercentilesAreMeasuredValues() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            values.add((double) i);
        }
        Collections.shuffle(values);
        Distribution d = Distribution.of(values);
        assertThat(d.count()).isEqualTo(100);
        assertThat(d.min()).isEqualTo(1);
        assertThat(d.p50()).isEqualTo(50);
        assertThat(d.p95()).isEqualTo(95);
        assertThat(d.p99()).isEqualTo(99);
        assertThat(d.max()).isEqualTo(100);
        assertThat(d.mean()).isEqualTo(50.5);
    }

    @Test
    void smallSetsRoundTheRankUp() {
        Distribution d = Distribution.of(List.of(3.0, 1.0, 2.0));
        // ranks: p50 -> ceil(1.5) = 2nd, p95 -> ceil(2.85) = 3rd
        assertThat(d.p50()).isEqualTo(2);
        assertThat(d.p95()).isEqualTo(3);
        assertThat(Distribution.of(List.of(7.0)).p50()).isEqualTo(7);
        assertThat(Distribution.of(List.of(7.0)).p99()).isEqualTo(7);
    }

    @Test
    void leavesOutNaNAndSaysNaNWhenEmpty() {
        Distribution d = Distribution.of(List.of(Double.NaN, 4.0, 2.0));
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.p50()).isEqualTo(2);
        assertThat(Distribution.of(List.of()).count()).isZero();
        assertThat(Distribution.of(List.of()).p50()).isNaN();
        assertThat(Distribution.of(List.of(Double.NaN))).isEqualTo(Distribution.EMPTY);
    }

    @Test
    void scalesEveryFigure() {
        Distribution d = Distribution.of(List.of(1000.0, 3000.0)).scaled(1000);
        assertThat(d.min()).isEqualTo(1);
        assertThat(d.max()).isEqualTo(3);
        assertThat(d.mean()).isEqualTo(2);
        assertThat(d.count()).isEqualTo(2);
    }

    @Test
    void refusesPercentilesOutsideTheRange() {
        assertThatThrownBy(() -> Distribution.percentile(new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distribution.percentile(new double[] {1}, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundsAndKeepsNaNForTheWriter() {
        assertThat(Distribution.of(List.of(1.23456)).json(2)).containsEntry("p50", 1.23).containsEntry("count", 1);
        assertThat(Distribution.EMPTY.json(2).get("p50")).isEqualTo(Double.NaN);
    }
}
