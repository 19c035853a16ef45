package com.courtcast.loadtest.transcode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One transcoder's run over one input: how much CPU it spent and how long it took.
 *
 * @param tool {@code courtcast} or {@code ffmpeg}
 * @param input the input's name, e.g. {@code 1080p30}
 * @param repeat which repetition (1-based)
 * @param inputSeconds media seconds transcoded
 * @param cpuSeconds user + system CPU of the transcoding process over the measured span
 * @param wallSeconds the measured span
 * @param processCpuSeconds the process's CPU from its start to its end (JVM start, loading, demuxing
 *     included); equal to {@code cpuSeconds} for ffmpeg, whose span is its whole life
 * @param sourceKeyframes keyframes of the input's video
 * @param rungs what was made, highest rung first
 * @param pictures coded pictures over all rungs
 * @param keyframes IDR pictures over all rungs
 * @param shedOrDropped rungs shed plus frames dropped by CourtCast's ladder (must be 0 for a valid run)
 */
public record TranscodeMeasurement(String tool, String input, int repeat, double inputSeconds, double cpuSeconds,
                                   double wallSeconds, double processCpuSeconds, long sourceKeyframes,
                                   List<RungOutput> rungs, long pictures, long keyframes, long shedOrDropped) {

    public TranscodeMeasurement {
        rungs = List.copyOf(rungs);
    }

    /** CPU seconds per second of input: 1.0 means one core fully busy to keep up with real time. */
    public double cpuPerInputSecond() {
        return inputSeconds > 0 ? cpuSeconds / inputSeconds : Double.NaN;
    }

    /** Input seconds per wall second: above 1 is faster than real time. */
    public double realTimeFactor() {
        return wallSeconds > 0 ? inputSeconds / wallSeconds : Double.NaN;
    }

    /** As the ladder driver hands its result to the bench JVM. */
    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("tool", tool);
        p.setProperty("input", input);
        p.setProperty("repeat", String.valueOf(repeat));
        p.setProperty("inputSeconds", String.valueOf(inputSeconds));
        p.setProperty("cpuSeconds", String.valueOf(cpuSeconds));
        p.setProperty("wallSeconds", String.valueOf(wallSeconds));
        p.setProperty("processCpuSeconds", String.valueOf(processCpuSeconds));
        p.setProperty("sourceKeyframes", String.valueOf(sourceKeyframes));
        p.setProperty("shedOrDropped", String.valueOf(shedOrDropped));
        p.setProperty("pictures", String.valueOf(pictures));
        p.setProperty("keyframes", String.valueOf(keyframes));
        p.setProperty("rungs", String.valueOf(rungs.size()));
        for (int i = 0; i < rungs.size(); i++) {
            RungOutput r = rungs.get(i);
            p.setProperty("rung." + i + ".name", r.name());
            p.setProperty("rung." + i + ".pictures", String.valueOf(r.pictures()));
            p.setProperty("rung." + i + ".keyframes", String.valueOf(r.keyframes()));
            p.setProperty("rung." + i + ".bytes", String.valueOf(r.bytes()));
        }
        return p;
    }

    /** Reads what {@link #toProperties()} wrote; a missing or malformed key is named in the error. */
    static TranscodeMeasurement fromProperties(Properties p) {
        int count = (int) number(p, "rungs");
        List<RungOutput> rungs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rungs.add(new RungOutput(text(p, "rung." + i + ".name"), (long) number(p, "rung." + i + ".pictures"),
                    (long) number(p, "rung." + i + ".keyframes"), (long) number(p, "rung." + i + ".bytes")));
        }
        return new TranscodeMeasurement(text(p, "tool"), text(p, "input"), (int) number(p, "repeat"),
                number(p, "inputSeconds"), number(p, "cpuSeconds"), number(p, "wallSeconds"),
                number(p, "processCpuSeconds"), (long) number(p, "sourceKeyframes"), rungs,
                (long) number(p, "pictures"), (long) number(p, "keyframes"), (long) number(p, "shedOrDropped"));
    }

    private static String text(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("ladder driver result has no " + key);
        }
        return value;
    }

    private static double number(Properties p, String key) {
        String value = text(p, key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ladder driver result: " + key + " is not a number: '" + value + "'");
        }
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tool", tool);
        out.put("input", input);
        out.put("repeat", repeat);
        out.put("inputSeconds", round(inputSeconds, 3));
        out.put("cpuSeconds", round(cpuSeconds, 3));
        out.put("wallSeconds", round(wallSeconds, 3));
        out.put("processCpuSeconds", round(processCpuSeconds, 3));
        out.put("cpuPerInputSecond", round(cpuPerInputSecond(), 4));
        out.put("realTimeFactor", round(realTimeFactor(), 3));
        out.put("sourceKeyframes", sourceKeyframes);
        out.put("pictures", pictures);
        out.put("keyframes", keyframes);
        out.put("shedOrDropped", shedOrDropped);
        List<Object> rungList = new ArrayList<>();
        for (RungOutput r : rungs) {
            Map<String, Object> rung = new LinkedHashMap<>();
            rung.put("name", r.name());
            rung.put("pictures", r.pictures());
            rung.put("keyframes", r.keyframes());
            rung.put("bytes", r.bytes());
            rung.put("kbps", round(r.kbps(inputSeconds), 1));
            rungList.add(rung);
        }
        out.put("rungs", rungList);
        return out;
    }

    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
