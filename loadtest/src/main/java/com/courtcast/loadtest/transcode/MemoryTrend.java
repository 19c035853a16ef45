package com.courtcast.loadtest.transcode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's memory over a long window: does it stay flat? RSS is compared between the
 * window's first and last stretch (a tenth of the window, at least 10 samples each); so is RSS
 * less the Java heap the JVM has committed, which is everything else (FFmpeg's native buffers,
 * Netty's direct memory, metaspace, code, thread stacks): a heap that grows once the collector
 * wants more room moves RSS without any leak, and this second figure does not move with it.
 *
 * @param samples one per second: seconds into the window, RSS bytes, committed heap bytes
 */
record MemoryTrend(List<Sample> samples) {

    /** Issue 4: over an hour-long soak, RSS stays within this many percent. */
    static final double GOAL_DRIFT_PERCENT = 5;

    record Sample(double seconds, long rssBytes, long heapCommittedBytes) {

        long outsideHeapBytes() {
            return rssBytes - heapCommittedBytes;
        }
    }

    MemoryTrend {
        samples = List.copyOf(samples);
    }

    private int stretch() {
        return Math.max(10, samples.size() / 10);
    }

    /** Whether there are enough samples for a first and a last stretch that do not overlap. */
    boolean measurable() {
        return samples.size() >= 2 * stretch();
    }

    double rssDriftPercent() {
        return drift(Sample::rssBytes);
    }

    double outsideHeapDriftPercent() {
        return drift(Sample::outsideHeapBytes);
    }

    double firstRssMean() {
        return mean(samples.subList(0, stretch()), Sample::rssBytes);
    }

    double lastRssMean() {
        return mean(samples.subList(samples.size() - stretch(), samples.size()), Sample::rssBytes);
    }

    boolean goalMet() {
        return measurable() && Math.abs(rssDriftPercent()) <= GOAL_DRIFT_PERCENT;
    }

    private double drift(java.util.function.ToLongFunction<Sample> value) {
        double first = mean(samples.subList(0, stretch()), value);
        double last = mean(samples.subList(samples.size() - stretch(), samples.size()), value);
        return first == 0 ? 0 : 100 * (last - first) / first;
    }

    private static double mean(List<Sample> part, java.util.function.ToLongFunction<Sample> value) {
        return part.stream().mapToLong(value).average().orElse(0);
    }

    void appendMarkdown(StringBuilder md) {
        if (!measurable()) {
            return;
        }
        int stretchSeconds = (int) Math.round(samples.get(stretch() - 1).seconds());
        md.append(String.format(Locale.ROOT, "Memory over the window (first and last %d s compared; goal: RSS within "
                        + "±%.0f %%): RSS %.0f → %.0f MiB (%+.1f %%, %s); RSS less the committed Java heap %+.1f %%.%n%n",
                stretchSeconds, GOAL_DRIFT_PERCENT, firstRssMean() / 1048576, lastRssMean() / 1048576,
                rssDriftPercent(), goalMet() ? "met" : "**not met**", outsideHeapDriftPercent()));
        md.append("| minute | RSS MiB | committed heap MiB | RSS less heap MiB |\n| ---: | ---: | ---: | ---: |\n");
        for (Sample s : perMinute()) {
            md.append(String.format(Locale.ROOT, "| %.0f | %.0f | %.0f | %.0f |%n", s.seconds() / 60,
                    s.rssBytes() / 1048576.0, s.heapCommittedBytes() / 1048576.0, s.outsideHeapBytes() / 1048576.0));
        }
        md.append('\n');
    }

    /** The last sample of each minute (and the very last), for the table and the JSON. */
    List<Sample> perMinute() {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            boolean minuteEnds = i + 1 == samples.size()
                    || (int) (samples.get(i + 1).seconds() / 60) > (int) (samples.get(i).seconds() / 60);
            if (minuteEnds) {
                out.add(samples.get(i));
            }
        }
        return out;
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", samples.size());
        if (measurable()) {
            out.put("rssDriftPercent", TranscodeMeasurement.round(rssDriftPercent(), 2));
            out.put("outsideHeapDriftPercent", TranscodeMeasurement.round(outsideHeapDriftPercent(), 2));
            out.put("goalDriftPercent", GOAL_DRIFT_PERCENT);
            out.put("goalMet", goalMet());
        }
        out.put("perMinute", perMinute().stream().map(s -> List.of(Math.round(s.seconds()), s.rssBytes(),
                s.heapCommittedBytes())).toList());
        return out;
    }
}
