package com.courtcast.loadtest.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTrendTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aHeapThatGrowsOnceMovesRssButNotWhatLiesOutsideTheHeap() {
        List<MemoryTrend.Sample> samples = new ArrayList<>();
        for (int s = 0; s < 200; s++) {
            long heap = (s < 100 ? 200 : 240) * MIB;
            samples.add(new MemoryTrend.Sample(s, heap + 100 * MIB, heap));
        }
        MemoryTrend trend = new MemoryTrend(samples);

        assertThat(trend.measurable()).isTrue();
        assertThat(trend.rssDriftPercent()).isCloseTo(100.0 * 40 / 300, within(0.01));
        assertThat(trend.outsideHeapDriftPercent()).isCloseTo(0.0, within(0.001));
        assertThat(trend.goalMet()).isFalse();
        assertThat(trend.perMinute()).extracting(MemoryTrend.Sample::seconds).containsExactly(59.0, 119.0, 179.0, 199.0);
    }

    @Test
    void aFlatRssMeetsTheGoalAndTooFewSamplesMeasureNothing() {
        List<MemoryTrend.Sample> flat = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            flat.add(new MemoryTrend.Sample(s, (300 + s % 3) * MIB, 100 * MIB));
        }
        assertThat(new MemoryTrend(flat).goalMet()).isTrue();
        assertThat(new MemoryTrend(flat.subList(0, 19)).measurable()).isFalse();
        StringBuilder md = new StringBuilder();
        new MemoryTrend(flat.subList(0, 19)).appendMarkdown(md);
        assertThat(md).isEmpty();
    }
}
