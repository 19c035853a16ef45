package com.courtcast.loadtest.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, as {@code uptime} shows it, from {@code /proc/loadavg}. */
final class LoadAverage {

    private LoadAverage() {
    }

    /** The 1-minute load average, NaN when /proc/loadavg cannot be read. */
    static double oneMinute() {
        try {
            return parseOneMinute(Files.readString(Path.of("/proc/loadavg")));
        } catch (IOException | IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /** {@code "4.22 3.46 2.50 3/512 1234"} gives 4.22. */
    static double parseOneMinute(String loadavg) {
        String[] fields = loadavg.trim().split("\\s+");
        try {
            return Double.parseDouble(fields[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/loadavg line: '" + loadavg.trim() + "'");
        }
    }
}
