package com.courtcast.loadtest.transcode;

import java.util.Arrays;
import java.util.List;

/**
 * CourtCast against ffmpeg on one input, over the repetitions: the median CPU seconds per input
 * second and real-time factor of each, and the ratio of the medians.
 *
 * @param goalRatio the ratio CourtCast's transcoder should stay at or below
 */
record CpuComparison(String input, int runs, double courtcastCpu, double ffmpegCpu, double courtcastRtf,
                     double ffmpegRtf, double goalRatio) {

    /** Issue 4: CourtCast's ladder may cost at most 5 % more CPU than the FFmpeg CLI's. */
    static final double GOAL_RATIO = 1.05;

    static CpuComparison of(String input, List<TranscodeMeasurement> measurements) {
        List<TranscodeMeasurement> courtcast = measurements.stream()
                .filter(m -> m.input().equals(input) && m.tool().equals("courtcast")).toList();
        List<TranscodeMeasurement> ffmpeg = measurements.stream()
                .filter(m -> m.input().equals(input) && m.tool().equals("ffmpeg")).toList();
        if (courtcast.isEmpty() || ffmpeg.isEmpty()) {
            throw new IllegalArgumentException("no " + (courtcast.isEmpty() ? "courtcast" : "ffmpeg")
                    + " measurement of " + input);
        }
        return new CpuComparison(input, Math.min(courtcast.size(), ffmpeg.size()),
                median(courtcast.stream().mapToDouble(TranscodeMeasurement::cpuPerInputSecond).toArray()),
                median(ffmpeg.stream().mapToDouble(TranscodeMeasurement::cpuPerInputSecond).toArray()),
                median(courtcast.stream().mapToDouble(TranscodeMeasurement::realTimeFactor).toArray()),
                median(ffmpeg.stream().mapToDouble(TranscodeMeasurement::realTimeFactor).toArray()), GOAL_RATIO);
    }

    /** CourtCast's CPU per input second over ffmpeg's. */
    double ratio() {
        return ffmpegCpu > 0 ? courtcastCpu / ffmpegCpu : Double.NaN;
    }

    boolean goalMet() {
        return ratio() <= goalRatio;
    }

    /** The middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
