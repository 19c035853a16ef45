package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.edge.PartAvailabilityProbe;
import com.courtcast.loadtest.edge.PartPosition;
import com.courtcast.loadtest.latency.TeePublisher;
import com.courtcast.loadtest.proc.ProcessTree;
import com.courtcast.loadtest.proc.ProcessTreeSample;
import com.courtcast.loadtest.server.CourtcastAppServer;
import com.courtcast.loadtest.server.PrometheusText;
import com.courtcast.transcoder.ladder.Rung;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part two of the benchmark: a whole CourtCast ({@code ./courtcast all} in its own JVM) with the
 * ladder on for the stream, fed by ffmpeg at real time, and one {@link PartAvailabilityProbe} per
 * rendition on the origin dating each part as it is listed. After every rendition lists parts and
 * a warm-up, the window starts; each source part listed in it is paired with the rung's part at the
 * same position ({@link AddedLatencyResult#compare}). The server's RSS and CPU are sampled from
 * /proc over the window.
 *
 * <p>The publisher: by default ffmpeg replays the input's live variant (x264 zerolatency, 1 s GOP,
 * made once; {@link TranscodeInput#liveFfmpegCommand}) at real time with its packets copied
 * ({@link FilePublisher}), which costs next to no CPU; with {@code --latency-publisher live} it
 * encodes the same kind of stream live ({@link TeePublisher}), which on a 2-core machine takes a
 * good part of a core from the server under test.
 */
final class AddedLatencyRun {

    static final String STREAM = "transcodebench";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** After the window, rung parts for the window's last source parts may still come. */
    private static final Duration TAIL = Duration.ofSeconds(3);
    /** The replayed file lasts the warm-up and the window plus this (start-up, the tail). */
    private static final int FILE_MARGIN_SECONDS = 40;
    /** A longer window (a soak) replays a file this long in a loop rather than making an hour of video. */
    private static final int LONGEST_FILE_SECONDS = 300;
    /** Reading the server's metrics costs it a little: the heap is read this often, RSS every second. */
    private static final Duration HEAP_READING_INTERVAL = Duration.ofSeconds(10);

    private final TranscodeBenchOptions options;

    AddedLatencyRun(TranscodeBenchOptions options) {
        this.options = options;
    }

    AddedLatencyResult run(Path dir) throws IOException, InterruptedException {
        TranscodeInput input = options.latencyInput();
        String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<String, String> config = Map.of("transcoder.ladder", input.ladderSpec());
        String size = input.width() + "x" + input.height();
        String bitrate = input.videoKbps() + "k";
        try (CourtcastAppServer server = CourtcastAppServer.start(dir, config, STREAM, key,
                options.serverJvmOptions())) {
            Duration publishFor = READY_TIMEOUT.plus(TAIL)
                    .plusSeconds(options.warmupSeconds() + options.latencySeconds() + 10);
            String rtmpUrl = "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/" + key;
            int fileSeconds = options.warmupSeconds() + options.latencySeconds() + FILE_MARGIN_SECONDS;
            boolean loop = fileSeconds > LONGEST_FILE_SECONDS;
            Path file = options.liveEncoder() ? null : input.ensureLive(options.workDir(),
                    loop ? LONGEST_FILE_SECONDS : fileSeconds);
            String publisherCommand = String.join(" ", options.liveEncoder()
                    ? TeePublisher.command(List.of(rtmpUrl), publishFor, size, bitrate)
                    : FilePublisher.command(file, loop, rtmpUrl)).replace(key, "KEY");
            List<String> renditions = new ArrayList<>(List.of("source"));
            input.ladder().stream().map(Rung::name).forEach(renditions::add);
            Map<String, PartAvailabilityProbe> probes = new LinkedHashMap<>();
            try (LivePublisher publisher = options.liveEncoder()
                    ? liveEncoder(rtmpUrl, publishFor, dir, size, bitrate)
                    : FilePublisher.start(file, loop, rtmpUrl, dir)) {
                for (String rendition : renditions) {
                    probes.put(rendition, new PartAvailabilityProbe("http://127.0.0.1:" + server.httpPort() + "/live/"
                            + STREAM + "/" + rendition + ".m3u8"));
                }
                awaitParts(probes, publisher, server);
                Thread.sleep(Duration.ofSeconds(options.warmupSeconds()).toMillis());
                String publisherKind = options.liveEncoder() ? "a live encoder"
                        : loop ? "a " + LONGEST_FILE_SECONDS + " s file replayed in a loop" : "a file replayed";
                AddedLatencyResult result = measure(server, probes, input, publisherKind, publisherCommand);
                if (!publisher.isAlive()) {
                    throw new IOException("the publisher stopped before the window ended (start-up took more than "
                            + FILE_MARGIN_SECONDS + " s?):\n" + publisher.logTail());
                }
                return result;
            } finally {
                probes.values().forEach(PartAvailabilityProbe::close);
            }
        }
    }

    private static LivePublisher liveEncoder(String rtmpUrl, Duration publishFor, Path dir, String size,
                                             String bitrate) throws IOException {
        TeePublisher encoder = TeePublisher.start(List.of(rtmpUrl), publishFor, dir, size, bitrate);
        return new LivePublisher() {
            @Override
            public boolean isAlive() {
                return encoder.isAlive();
            }

            @Override
            public String logTail() {
                return encoder.logTail();
            }

            @Override
            public void close() {
                encoder.close();
            }
        };
    }

    private AddedLatencyResult measure(CourtcastAppServer server, Map<String, PartAvailabilityProbe> probes,
                                       TranscodeInput input, String publisherKind, String publisherCommand)
            throws IOException, InterruptedException {
        ProcessTree tree = server.processTree();
        double loadBefore = LoadAverage.oneMinute();
        ProcessTreeSample first = tree.sample();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(options.latencySeconds()).toNanos();
        long rssMax = first.rssBytes();
        long rssSum = first.rssBytes();
        int rssSamples = 1;
        long heapCommitted = heapCommitted(server);
        long nextHeapReading = start + HEAP_READING_INTERVAL.toNanos();
        List<MemoryTrend.Sample> memory = new ArrayList<>();
        memory.add(new MemoryTrend.Sample(0, first.rssBytes(), heapCommitted));
        ProcessTreeSample last = first;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            last = tree.sample();
            if (System.nanoTime() >= nextHeapReading) {
                heapCommitted = heapCommitted(server);
                nextHeapReading += HEAP_READING_INTERVAL.toNanos();
            }
            memory.add(new MemoryTrend.Sample((last.nanoTime() - start) / 1e9, last.rssBytes(), heapCommitted));
            rssMax = Math.max(rssMax, last.rssBytes());
            rssSum += last.rssBytes();
            rssSamples++;
        }
        double loadAfter = LoadAverage.oneMinute();
        double cpuPerSecond = last.cpuSecondsSince(first, ProcessTree.TICKS_PER_SECOND)
                / ((last.nanoTime() - first.nanoTime()) / 1e9);
        String metrics = server.metrics();
        Thread.sleep(TAIL.toMillis());
        Map<PartPosition, Long> source = Map.copyOf(probes.get("source").availableAtPosition());
        List<AddedLatencyResult.RungLatency> rungs = new ArrayList<>();
        for (Rung rung : input.ladder()) {
            rungs.add(AddedLatencyResult.compare(rung.name(), source,
                    Map.copyOf(probes.get(rung.name()).availableAtPosition()), start, end));
        }
        return new AddedLatencyResult(input, options.latencySeconds(), rungs, rssMax, rssSum / rssSamples, rssSamples,
                cpuPerSecond, publisherKind, publisherCommand, loadBefore, loadAfter, server.logProblems(),
                count(metrics, "courtcast_transcoder_rungs_shed_total"),
                count(metrics, "courtcast_transcoder_rungs_restored_total"),
                count(metrics, "courtcast_transcoder_dropped_frames_total"), new MemoryTrend(memory));
    }

    /** The Java heap the server's JVM has committed (its memory pools' sum), from its metrics. */
    private static long heapCommitted(CourtcastAppServer server) throws IOException, InterruptedException {
        double bytes = PrometheusText.sumWhere(server.metrics(), "jvm_memory_committed_bytes", "area", "heap");
        return Double.isNaN(bytes) ? 0 : Math.round(bytes);
    }

    /** A counter's total over its series; 0 when it has none yet (registered on first use). */
    private static long count(String metrics, String name) {
        return Math.max(0, Math.round(PrometheusText.sum(metrics, name)));
    }

    /** Waits until every rendition's probe has seen parts listed. */
    private static void awaitParts(Map<String, PartAvailabilityProbe> probes, LivePublisher publisher,
                                   CourtcastAppServer server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!publisher.isAlive()) {
                throw new IOException("ffmpeg stopped before the stream was live:\n" + publisher.logTail());
            }
            if (probes.values().stream().noneMatch(p -> p.availableAt().isEmpty())) {
                return;
            }
            Thread.sleep(200);
        }
        List<String> silent = probes.entrySet().stream().filter(e -> e.getValue().availableAt().isEmpty())
                .map(e -> e.getKey() + (e.getValue().lastFailure() == null ? "" : " (" + e.getValue().lastFailure()
                        .getMessage() + ")")).toList();
        throw new IOException("no parts listed within " + READY_TIMEOUT.toSeconds() + " s for " + silent
                + "; server log " + server.directory().resolve("server.log") + " problems: " + server.logProblems());
    }
}
