package com.courtcast.loadtest.proc;

/**
 * CPU time and memory of a process and its descendants at one moment.
 *
 * @param nanoTime when the sample was taken ({@link System#nanoTime()})
 * @param cpuTicks user plus system clock ticks of all processes in the tree
 * @param rssBytes resident set sizes added up
 * @param processes how many processes the tree had
 */
public record ProcessTreeSample(long nanoTime, long cpuTicks, long rssBytes, int processes) {

    /** CPU seconds used between {@code earlier} and this sample. */
    public double cpuSecondsSince(ProcessTreeSample earlier, long ticksPerSecond) {
        return (double) (cpuTicks - earlier.cpuTicks) / ticksPerSecond;
    }
}
