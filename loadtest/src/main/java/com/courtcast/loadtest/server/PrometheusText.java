package com.courtcast.loadtest.server;

/** Reads sample values out of the Prometheus text exposition format. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of every sample of {@code metric}, over all label sets, or -1 if it has none.
     * {@code courtcast_ingest_frames_total} thus adds up its video and audio series.
     */
    public static double sum(String exposition, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = indexOfAny(line, '{', ' ');
            if (nameEnd < 0 || !line.substring(0, nameEnd).equals(metric)) {
                continue;
            }
            int valueStart = line.charAt(nameEnd) == '{' ? line.indexOf('}', nameEnd) + 1 : nameEnd;
            String[] rest = line.substring(valueStart).trim().split(" +");
            sum += Double.parseDouble(rest[0]);
            found = true;
        }
        return found ? sum : -1;
    }

    /**
     * The value of the sample of {@code metric} whose labels include {@code label="value"}, e.g.
     * {@code value(text, "courtcast_packager_part_lag_seconds", "quantile", "0.99")}; NaN if there is none.
     */
    public static double value(String exposition, String metric, String label, String value) {
        String wanted = label + "=\"" + value + "\"";
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            int close = line.indexOf('}');
            if (close < 0) {
                continue;
            }
            String labels = line.substring(metric.length() + 1, close);
            for (String pair : labels.split(",")) {
                if (pair.trim().equals(wanted)) {
                    return Double.parseDouble(line.substring(close + 1).trim().split(" +")[0]);
                }
            }
        }
        return Double.NaN;
    }

    /**
     * The sum of the samples of {@code metric} whose labels include {@code label="value"}, e.g.
     * the committed heap over its pools: {@code sumWhere(text, "jvm_memory_committed_bytes", "area", "heap")};
     * NaN if there is none.
     */
    public static double sumWhere(String exposition, String metric, String label, String value) {
        String wanted = label + "=\"" + value + "\"";
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            int close = line.indexOf('}');
            if (!line.startsWith(metric + "{") || close < 0) {
                continue;
            }
            for (String pair : line.substring(metric.length() + 1, close).split(",")) {
                if (pair.trim().equals(wanted)) {
                    sum += Double.parseDouble(line.substring(close + 1).trim().split(" +")[0]);
                    found = true;
                }
            }
        }
        return found ? sum : Double.NaN;
    }

    private static int indexOfAny(String line, char a, char b) {
        int first = line.indexOf(a);
        int second = line.indexOf(b);
        if (first < 0) {
            return second;
        }
        return second < 0 ? first : Math.min(first, second);
    }
}
