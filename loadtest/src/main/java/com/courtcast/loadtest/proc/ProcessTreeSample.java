package com.courtcast.loadtest.proc;

/**
 * CPU time and memory of a process and its descendants at one moment.
 *
 * @param nanoTime when the sample was taken ({@link System#nanoTime()})
 * @param userTicks user-mode clock ticks of all processes in the tree
 * @param systemTicks kernel-mode clock ticks of all processes in the tree
 * @param rssBytes resident set sizes added up
 * @param processes how many processes the tree had
 */
public record ProcessTreeSample(long nanoTime, long userTicks, long systemTicks, long rssBytes, int processes) {

    public long cpuTicks() {
        return userTicks + systemTicks;
    }

    /** CPU seconds used between {@code earlier} and this sample. */
    public double cpuSecondsSince(ProcessTreeSample earlier, long ticksPerSecond) {
        return (double) (cpuTicks() - earlier.cpuTicks()) / ticksPerSecond;
    }

    /** Kernel-mode CPU seconds used between {@code earlier} and this sample (syscalls, TCP receive). */
    public double systemSecondsSince(ProcessTreeSample earlier, long ticksPerSecond) {
        return (double) (systemTicks - earlier.systemTicks) / ticksPerSecond;
    }
}
