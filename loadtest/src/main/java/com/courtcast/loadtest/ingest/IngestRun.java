package com.courtcast.loadtest.ingest;

import com.courtcast.loadtest.flv.FlvFile;
import com.courtcast.loadtest.proc.ProcessTree;
import com.courtcast.loadtest.proc.ProcessTreeSample;
import com.courtcast.loadtest.proc.TcpBacklog;
import com.courtcast.loadtest.rtmp.FleetCounts;
import com.courtcast.loadtest.rtmp.PublishTarget;
import com.courtcast.loadtest.rtmp.PublisherFleet;
import com.courtcast.loadtest.server.ServerCounters;
import com.courtcast.loadtest.server.ServerUnderTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the ingest benchmark: one server, N publishers.
 *
 * <p>Design: start the server (its own process tree), start N publishers spread over one GOP, wait
 * until all publish, let the warm-up pass (JIT, buffers, TCP windows), then sample the server's CPU
 * ticks and the machine's, watch the server's unread socket bytes every second for the window,
 * sample again, and stop the publishers. After they have drained, the server's own count of frames
 * received is compared with the frames sent. The server is stopped in any case.
 */
final class IngestRun {

    /** Starts a server that accepts the given stream keys (key to stream name). */
    @FunctionalInterface
    interface ServerStarter {
        ServerUnderTest start(Map<String, String> streamKeys) throws IOException, InterruptedException;
    }

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final long GENERATOR_LATE_NOTE_MILLIS = 200;
    private static final int LOG_SAMPLE = 5;

    private final IngestBenchOptions options;
    private final FlvFile file;

    IngestRun(IngestBenchOptions options, FlvFile file) {
        this.options = options;
        this.file = file;
    }

    IngestRunResult run(String serverName, ServerStarter starter, int publishers)
            throws IOException, InterruptedException {
        Map<String, String> keys = streamKeys(publishers);
        log(serverName, publishers, "starting the server");
        try (ServerUnderTest server = starter.start(keys)) {
            return measure(server, keys, publishers);
        }
    }

    private IngestRunResult measure(ServerUnderTest server, Map<String, String> keys, int n)
            throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        List<PublishTarget> targets = keys.keySet().stream()
                .map(key -> new PublishTarget("127.0.0.1", server.rtmpPort(), "live", key)).toList();
        PublisherFleet fleet = new PublisherFleet(options.clientThreads());
        try {
            log(server.name(), n, "starting " + n + " publishers (" + fleet.transport() + ", "
                    + options.clientThreads() + " event loops)");
            fleet.start(targets, file, Duration.ofMillis(file.keyframeIntervalMillis()), options.maxLagMillis());
            if (!fleet.awaitPublished(PUBLISH_TIMEOUT)) {
                notes.add("some publishers were still neither publishing nor failed " + PUBLISH_TIMEOUT.toSeconds()
                        + " s after the start");
            }
            log(server.name(), n, fleet.counts().published() + " publishing; warm-up " + options.warmupSeconds() + " s");
            Thread.sleep(options.warmupSeconds() * 1000L);

            ProcessTree tree = server.processTree();
            ProcessTreeSample before = tree.sample();
            long generatorBefore = generatorCpuNanos();
            fleet.resetMaxLate();
            log(server.name(), n, "measuring for " + options.windowSeconds() + " s");
            long rssMax = before.rssBytes();
            long backlogMaxBytes = 0;
            long windowEnd = before.nanoTime() + options.windowSeconds() * 1_000_000_000L;
            while (System.nanoTime() < windowEnd) {
                Thread.sleep(Math.min(1000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
                backlogMaxBytes = Math.max(backlogMaxBytes, TcpBacklog.of(server.rtmpPort()).maxBytes());
                rssMax = Math.max(rssMax, tree.sample().rssBytes());
            }
            ProcessTreeSample after = tree.sample();
            long generatorAfter = generatorCpuNanos();
            TcpBacklog backlogEnd = TcpBacklog.of(server.rtmpPort());
            FleetCounts atWindowEnd = fleet.counts();
            if (after.processes() != before.processes()) {
                notes.add("the server's process count changed from " + before.processes() + " to "
                        + after.processes() + " during the window: CPU of exited processes is missing");
            }

            log(server.name(), n, "stopping the publishers");
            if (!fleet.stopSending(DRAIN_TIMEOUT)) {
                notes.add("publishers could not write out their last frames within " + DRAIN_TIMEOUT.toSeconds() + " s");
            }
            ServerCounters counters = awaitServerCaughtUp(server, fleet.counts().framesSent(), notes);
            FleetCounts counts = fleet.counts();
            List<String> problems = server.logProblems();

            double windowSeconds = (after.nanoTime() - before.nanoTime()) / 1e9;
            double bytesPerMilli = file.bitsPerSecond() / 8_000.0;
            long backlogEndMillis = backlogEnd.connections() == 0 ? 0
                    : Math.round(backlogEnd.totalBytes() / (double) backlogEnd.connections() / bytesPerMilli);
            long backlogMaxMillis = Math.round(backlogMaxBytes / bytesPerMilli);
            if (atWindowEnd.maxLateMillis() > GENERATOR_LATE_NOTE_MILLIS) {
                notes.add("the load generator wrote some frames up to " + atWindowEnd.maxLateMillis()
                        + " ms late in the window (its own CPU shortage, not the server's)");
            }
            IngestRunResult result = new IngestRunResult(server.name(), n, counts.published(), counts.failed(),
                    windowSeconds, after.cpuSecondsSince(before, ProcessTree.TICKS_PER_SECOND),
                    after.systemSecondsSince(before, ProcessTree.TICKS_PER_SECOND), after.processes(),
                    rssMax, (generatorAfter - generatorBefore) / 1e9,
                    atWindowEnd.maxLateMillis(), counts.framesSent(), counts.videoDropped(), counts.audioDropped(),
                    counts.publishersWithDrops(), counters.framesReceived(), counters.bytesReceived(),
                    counts.bytesSent(), backlogEndMillis, backlogMaxMillis, problems.size(),
                    problems.subList(0, Math.min(LOG_SAMPLE, problems.size())), counts.failures(),
                    notHeld(n, counts, counters, backlogEndMillis), notes);
            log(server.name(), n, summary(result));
            return result;
        } finally {
            fleet.close();
        }
    }

    /**
     * Waits until the server has read everything sent: its frame count reaches what was sent (or
     * stops moving), or, for a server that does not count frames, its sockets hold no unread bytes.
     */
    private ServerCounters awaitServerCaughtUp(ServerUnderTest server, long framesSent, List<String> notes)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        ServerCounters counters = server.counters();
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            boolean caughtUp = counters.framesReceived() >= 0
                    ? counters.framesReceived() >= framesSent
                    : TcpBacklog.of(server.rtmpPort()).totalBytes() == 0;
            if (caughtUp || System.nanoTime() - lastChange > 5_000_000_000L) {
                return counters;
            }
            Thread.sleep(250);
            ServerCounters next = server.counters();
            if (next.framesReceived() != counters.framesReceived() || next.bytesReceived() != counters.bytesReceived()) {
                lastChange = System.nanoTime();
            }
            counters = next;
        }
        notes.add("the server had not read everything " + DRAIN_TIMEOUT.toSeconds() + " s after the publishers stopped");
        return counters;
    }

    private List<String> notHeld(int n, FleetCounts counts, ServerCounters counters, long backlogEndMillis) {
        List<String> reasons = new ArrayList<>();
        if (counts.published() < n) {
            reasons.add("only " + counts.published() + " of " + n + " publishers got to publish");
        }
        if (counts.failed() > 0) {
            reasons.add(counts.failed() + " publishers failed or were disconnected");
        }
        if (counts.framesDropped() > 0) {
            reasons.add(counts.framesDropped() + " frames dropped by " + counts.publishersWithDrops() + " publishers");
        }
        if (counters.framesReceived() >= 0 && counters.framesReceived() != counts.framesSent()) {
            reasons.add("the server counted " + counters.framesReceived() + " frames, the publishers sent "
                    + counts.framesSent());
        }
        if (backlogEndMillis > options.maxLagMillis()) {
            reasons.add("the server was " + backlogEndMillis + " ms behind (unread socket bytes) at the window's end");
        }
        return reasons;
    }

    /** Stream keys of the allowed form (16+ of [A-Za-z0-9_-]), one per publisher, with their names. */
    static Map<String, String> streamKeys(int publishers) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 1; i <= publishers; i++) {
            keys.put(String.format("bench-key-%05d-x7Kq", i), String.format("bench%05d", i));
        }
        return keys;
    }

    private static long generatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String summary(IngestRunResult r) {
        return String.format(java.util.Locale.ROOT,
                "%.4f CPU s/publisher-min, server CPU %.0f%%, generator CPU %.0f%%, dropped %d, received %d/%d, "
                        + "backlog %d ms, RSS %d MiB, %s",
                r.cpuSecondsPerPublisherMinute(), r.serverCpuPercent(), r.generatorCpuPercent(),
                r.framesDropped(), r.framesReceived(), r.framesSent(), r.backlogEndMillis(), r.serverRssBytes() >> 20,
                r.held() ? "HELD" : "not held: " + String.join("; ", r.notHeld()));
    }

    private static void log(String server, int n, String message) {
        System.err.println("bench: " + server + " N=" + n + ": " + message);
    }
}
