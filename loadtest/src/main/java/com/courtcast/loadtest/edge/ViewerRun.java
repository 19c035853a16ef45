package com.courtcast.loadtest.edge;

import com.courtcast.loadtest.latency.Distribution;
import com.courtcast.loadtest.latency.TeePublisher;
import com.courtcast.loadtest.proc.ProcessTree;
import com.courtcast.loadtest.proc.ProcessTreeSample;
import com.courtcast.loadtest.server.CourtcastAppServer;
import com.courtcast.loadtest.server.NginxProxyCacheServer;
import com.courtcast.loadtest.server.PrometheusText;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live run: {@code ./courtcast all} (ingest, origin and the edge in front of it) with ffmpeg
 * publishing a test pattern, and {@link ViewerFleet} viewers reading the LL-HLS stream through
 * the edge. A {@link PartAvailabilityProbe} on the origin dates each part; the origin's own
 * request counters tell how many requests the edge passed on.
 */
final class ViewerRun {

    static final String STREAM = "edgebench";
    private static final String ORIGIN_REQUESTS = "courtcast_origin_live_requests_total";
    private static final Duration RAMP_UP = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** Parts this close to the window's end are left out: their downloads may still be under way. */
    private static final long TAIL_NANOS = Duration.ofSeconds(2).toNanos();

    private static final OperatingSystemMXBean BENCH_JVM =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final EdgeBenchOptions options;

    ViewerRun(EdgeBenchOptions options) {
        this.options = options;
    }

    /** One live run per viewer count and cache (CourtCast's edge, then nginx), all on one stream. */
    List<ViewerRunResult> run(Path dir) throws IOException, InterruptedException {
        String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (CourtcastAppServer server = CourtcastAppServer.start(dir, Map.of(), STREAM, key,
                options.serverJvmOptions())) {
            server.awaitEdge();
            int runs = options.viewers().size() * (options.nginxLive() ? 2 : 1);
            Duration publishFor = Duration.ofSeconds(30).plus(RAMP_UP.plusSeconds(options.warmupSeconds()
                    + options.viewerWindowSeconds() + TAIL_NANOS / 1_000_000_000 + 5).multipliedBy(runs));
            try (TeePublisher publisher = TeePublisher.start(
                    List.of("rtmp://127.0.0.1:" + server.rtmpPort() + "/live/" + key), publishFor, dir);
                 NginxProxyCacheServer nginx = options.nginxLive() ? NginxProxyCacheServer.start(dir,
                         "http://127.0.0.1:" + server.httpPort(), options.cacheBytes(), options.nginxWorkers()) : null) {
                String playlistPath = "/live/" + STREAM + "/source.m3u8";
                awaitPlaylist("http://127.0.0.1:" + server.httpPort() + playlistPath, publisher);
                List<ViewerRunResult> results = new ArrayList<>();
                try (PartAvailabilityProbe probe = new PartAvailabilityProbe(
                        "http://127.0.0.1:" + server.httpPort() + playlistPath)) {
                    for (int viewers : options.viewers()) {
                        results.add(watch(new Cache("courtcast", "http://127.0.0.1:" + server.edgePort(),
                                List.of(server.processTree())), viewers, server, probe, playlistPath, dir));
                        if (nginx != null) {
                            results.add(watch(new Cache("nginx", nginx.url(),
                                    List.of(nginx.processTree(), server.processTree())), viewers, server, probe,
                                    playlistPath, dir));
                        }
                        if (!publisher.isAlive()) {
                            throw new IOException("ffmpeg stopped before the live runs ended:\n" + publisher.logTail());
                        }
                    }
                }
                return results;
            }
        }
    }

    /**
     * A cache the viewers read through.
     *
     * @param serverSide the processes whose CPU counts: the cache's and the origin's (for CourtCast's
     *     edge one process holds ingest, origin and edge)
     */
    private record Cache(String name, String url, List<ProcessTree> serverSide) {}

    private ViewerRunResult watch(Cache cache, int viewers, CourtcastAppServer server, PartAvailabilityProbe probe,
                                  String playlistPath, Path dir) throws IOException, InterruptedException {
        System.err.println("bench: live run, " + viewers + " viewers through " + cache.name());
        try (ViewerFleet fleet = new ViewerFleet(cache.url() + playlistPath)) {
            fleet.start(viewers, RAMP_UP);
            Thread.sleep(RAMP_UP.plusSeconds(options.warmupSeconds()).toMillis());
            return measure(cache, viewers, server, probe, fleet, dir);
        }
    }

    private ViewerRunResult measure(Cache cache, int viewers, CourtcastAppServer server, PartAvailabilityProbe probe,
                                    ViewerFleet fleet, Path dir) throws IOException, InterruptedException {
        String metricsBefore = server.metrics();
        long probeBefore = probe.requests();
        long viewerRequestsBefore = fleet.requests();
        long errorsBefore = fleet.errors();
        long unproducedBefore = fleet.unproducedHints();
        long connectsBefore = fleet.connects();
        List<ProcessTreeSample> cpuBefore = sample(cache.serverSide());
        long benchCpuBefore = BENCH_JVM.getProcessCpuTime();
        double loadBefore = BENCH_JVM.getSystemLoadAverage();
        long start = System.nanoTime();
        long startUnixMillis = System.currentTimeMillis();
        Thread.sleep(Duration.ofSeconds(options.viewerWindowSeconds()).toMillis());
        long end = System.nanoTime();
        List<ProcessTreeSample> cpuAfter = sample(cache.serverSide());
        long benchCpuNanos = BENCH_JVM.getProcessCpuTime() - benchCpuBefore;
        double loadAfter = BENCH_JVM.getSystemLoadAverage();
        String metricsAfter = server.metrics();
        long probeRequests = probe.requests() - probeBefore;
        long viewerRequests = fleet.requests() - viewerRequestsBefore;
        long errors = fleet.errors() - errorsBefore;
        long unproduced = fleet.unproducedHints() - unproducedBefore;
        long connects = fleet.connects() - connectsBefore;
        // Let downloads of the window's last parts finish before reading the log.
        Thread.sleep(TAIL_NANOS / 1_000_000);

        Map<String, Long> availableAt = probe.availableAt();
        List<String> windowParts = availableAt.entrySet().stream()
                .filter(e -> e.getValue() >= start && e.getValue() < end - TAIL_NANOS)
                .map(Map.Entry::getKey).toList();
        List<Double> delays = new ArrayList<>();
        // available_unix_ms lines the deliveries up with the servers' logs (GC, access).
        StringBuilder raw = new StringBuilder("part,available_ms,available_unix_ms,delay_ms\n");
        for (ViewerTally.Delivery delivery : fleet.deliveries()) {
            Long available = availableAt.get(delivery.file());
            if (available != null && available >= start && available < end - TAIL_NANOS) {
                double delay = (delivery.nanoTime() - available) / 1e6;
                delays.add(delay);
                raw.append(delivery.file()).append(',').append((available - start) / 1_000_000).append(',')
                        .append(startUnixMillis + (available - start) / 1_000_000).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", delay)).append('\n');
            }
        }
        // Every delivery, for looking into the tail: which parts, which moments.
        Files.writeString(dir.resolve("deliveries-" + cache.name() + "-" + viewers + ".csv"), raw);
        int partsAvailableInWindow = (int) availableAt.values().stream().filter(t -> t >= start && t < end).count();
        double seconds = (end - start) / 1e9;
        double serverCpuSeconds = 0;
        for (int i = 0; i < cpuAfter.size(); i++) {
            serverCpuSeconds += cpuAfter.get(i).cpuSecondsSince(cpuBefore.get(i), ProcessTree.TICKS_PER_SECOND);
        }
        return new ViewerRunResult(cache.name(), viewers, options.viewerWindowSeconds(), partsAvailableInWindow,
                delta(metricsBefore, metricsAfter, "part"),
                delta(metricsBefore, metricsAfter, "blocking_playlist") - probeRequests,
                delta(metricsBefore, metricsAfter, "playlist"), viewerRequests, delays.size(),
                (long) windowParts.size() * viewers, Distribution.of(delays), unproduced, connects, errors,
                fleet.lastError(), 100 * serverCpuSeconds / seconds, server.processTree().sample().rssBytes() / (1024.0 * 1024),
                100.0 * benchCpuNanos / (end - start), new double[] {loadBefore, loadAfter}, server.logProblems());
    }

    private static List<ProcessTreeSample> sample(List<ProcessTree> trees) throws IOException {
        List<ProcessTreeSample> samples = new ArrayList<>();
        for (ProcessTree tree : trees) {
            samples.add(tree.sample());
        }
        return samples;
    }

    private static long delta(String before, String after, String resource) {
        return Math.round(PrometheusText.value(after, ORIGIN_REQUESTS, "resource", resource)
                - PrometheusText.value(before, ORIGIN_REQUESTS, "resource", resource));
    }

    /** Waits until the origin lists the first parts of the published stream. */
    private static void awaitPlaylist(String url, TeePublisher publisher) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!publisher.isAlive()) {
                    throw new IOException("ffmpeg stopped before the stream was live:\n" + publisher.logTail());
                }
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && PlaylistParts.preloadHint(response.body()) != null) {
                        return;
                    }
                } catch (IOException notYet) {
                    // the origin is still starting
                }
                Thread.sleep(200);
            }
        }
        throw new IOException("the origin did not list " + url + " within " + READY_TIMEOUT.toSeconds() + " s");
    }
}
