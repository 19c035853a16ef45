package com.courtcast.loadtest.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time from the first line of {@code /proc/stat}, in clock ticks. Sampled
 * at ticks, so it is coarse for short bursts (see {@link ProcessTree}); good enough to tell how
 * busy the machine was over a window of a minute, and so how much of it went to processes other
 * than the benchmark's own (other people's builds on a shared machine).
 *
 * @param busyTicks user, nice, system, irq, softirq and steal time
 * @param totalTicks busy plus idle and iowait
 */
public record MachineCpu(long busyTicks, long totalTicks) {

    public static MachineCpu sample() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/stat")).getFirst());
    }

    /** Parses the aggregate {@code cpu  user nice system idle iowait irq softirq steal ...} line. */
    public static MachineCpu parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
        }
        long total = 0;
        long idle = 0;
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new MachineCpu(total - idle, total);
    }

    /** CPU seconds the machine spent busy between {@code earlier} and this sample. */
    public double busySecondsSince(MachineCpu earlier) {
        return (double) (busyTicks - earlier.busyTicks) / ProcessTree.TICKS_PER_SECOND;
    }
}
