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

    private static int indexOfAny(String line, char a, char b) {
        int first = line.indexOf(a);
        int second = line.indexOf(b);
        if (first < 0) {
            return second;
        }
        return second < 0 ? first : Math.min(first, second);
    }
}
