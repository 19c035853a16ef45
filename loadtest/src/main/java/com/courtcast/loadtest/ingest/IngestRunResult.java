package com.courtcast.loadtest.ingest;

import java.util.List;
import java.util.Map;

/**
 * What one run (one server, one publisher count) measured.
 *
 * @param server {@code courtcast} or {@code nginx}
 * @param publishers publishers started
 * @param published how many the server let publish
 * @param failed publishers that failed or were disconnected, with {@code failures} giving why
 * @param windowSeconds the measured window's real length
 * @param serverCpuSeconds CPU time of the server's processes during the window
 * @param serverSystemSeconds the part of it spent in the kernel (system calls, socket reads)
 * @param serverProcesses processes in the server's tree at the window's end
 * @param serverRssBytes the largest resident memory of the server's processes seen in the window
 * @param generatorCpuSeconds CPU time of the load generator's JVM during the window
 * @param generatorMaxLateMillis the generator's worst delay in writing a due frame (its own lag)
 * @param framesSent audio and video frames written by all publishers over the whole run
 * @param videoDropped video frames the publishers dropped over the whole run
 * @param audioDropped audio frames dropped with them
 * @param publishersWithDrops publishers that dropped at least one frame
 * @param framesReceived frames the server counted after the publishers stopped, -1 if it does not count
 * @param serverBytesReceived bytes the server says it received, -1 if unknown
 * @param bytesSent media bytes written by all publishers
 * @param backlogEndMillis unread bytes in the server's sockets at the window's end, as mean
 *     milliseconds of media per connection: how far behind the server was
 * @param backlogMaxMillis the largest one-connection backlog seen in the window, in milliseconds of media
 * @param logProblems how many warning or error lines the server logged
 * @param logSample the first few of them
 * @param failures failure reasons with how many publishers gave each
 * @param notHeld why the run does not count as held; empty if it does
 * @param notes anything else a reader should know (e.g. the generator fell behind)
 */
public record IngestRunResult(String server, int publishers, int published, int failed, double windowSeconds,
                              double serverCpuSeconds, double serverSystemSeconds, int serverProcesses, long serverRssBytes,
                              double generatorCpuSeconds, long generatorMaxLateMillis,
                              long framesSent, long videoDropped, long audioDropped, int publishersWithDrops,
                              long framesReceived, long serverBytesReceived, long bytesSent, long backlogEndMillis,
                              long backlogMaxMillis, int logProblems, List<String> logSample,
                              Map<String, Long> failures, List<String> notHeld, List<String> notes) {

    /** The figure of merit: server CPU seconds per publisher per minute of publishing. */
    public double cpuSecondsPerPublisherMinute() {
        return serverCpuSeconds / (publishers * windowSeconds / 60.0);
    }

    /** Server CPU as a percentage of one core (the machine has {@code nproc} x 100 %). */
    public double serverCpuPercent() {
        return 100.0 * serverCpuSeconds / windowSeconds;
    }

    /** The load generator's CPU as a percentage of one core. */
    public double generatorCpuPercent() {
        return 100.0 * generatorCpuSeconds / windowSeconds;
    }

    public long framesDropped() {
        return videoDropped + audioDropped;
    }

    public boolean held() {
        return notHeld.isEmpty();
    }
}
