package com.courtcast.loadtest.latency;

import com.courtcast.loadtest.browser.HeadlessChromium;
import com.courtcast.loadtest.latency.LatencyRunResult.PlayerMeasures;
import com.courtcast.loadtest.proc.MachineCpu;
import com.courtcast.loadtest.proc.ProcessTree;
import com.courtcast.loadtest.proc.ProcessTreeSample;
import com.courtcast.loadtest.server.CourtcastAppServer;
import com.courtcast.loadtest.server.NginxHlsServer;
import com.courtcast.loadtest.server.PrometheusText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of the latency benchmark: CourtCast at one part target and nginx-rtmp side by side.
 *
 * <p>Design: start CourtCast ({@code all}, its own JVM, {@code packager.partTarget} from a
 * configuration file) and nginx-rtmp ({@code hls on}, 1 s fragments); one ffmpeg publishes a
 * live-encoded 1 s-GOP test pattern to both through the tee muxer; once both playlists exist,
 * a poller fetches each every 10 ms (when did each part appear?) and two headless Chromiums play
 * them with the same hls.js build and settings (CourtCast's own {@code /watch} page; a small page
 * for nginx's playlist). When both play, a sampler goes into each page, the warm-up passes, and
 * the window starts: samples and stall counts restart, metrics and CPU times are read; at its end
 * everything is read again. Then browsers, pollers, publisher and servers stop, in that order (the
 * players must not sample the end of the stream), also on failure.
 */
final class LatencyRun {

    static final String STREAM = "bench";
    /** A stream key of the allowed form; loopback only, so no secret. */
    static final String STREAM_KEY = "bench-latency-key-x7Kq";
    private static final Duration PLAYLIST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PLAYING_TIMEOUT = Duration.ofSeconds(60);
    /** From the publisher's start to the window's start at most: playlists, browsers, playback. */
    private static final Duration START_ALLOWANCE = Duration.ofSeconds(120);
    private static final double NOTE_OTHERS_PERCENT = 25;

    private final LatencyBenchOptions options;
    private final PlayerPageServer pages;
    private final String sampler;

    LatencyRun(LatencyBenchOptions options, PlayerPageServer pages) throws IOException {
        this.options = options;
        this.pages = pages;
        this.sampler = new String(PlayerPageServer.resource("com/courtcast/loadtest/latency/sampler.js"),
                StandardCharsets.UTF_8);
    }

    /** The ffmpeg run time: the start allowance, warm-up, window and a margin; stopped earlier when done. */
    Duration publishDuration() {
        return START_ALLOWANCE.plusSeconds(options.warmupSeconds() + options.windowSeconds() + 20L);
    }

    LatencyRunResult run(Duration partTarget) throws IOException, InterruptedException {
        String label = LatencyBenchOptions.label(partTarget);
        Path dir = options.workDir().resolve("latency-" + partTarget.toMillis() + "ms").toAbsolutePath();
        deleteRecursively(dir); // the previous run's logs, playlists and recordings
        Files.createDirectories(dir);
        List<String> notes = new ArrayList<>();
        log(label, "starting CourtCast (packager.partTarget=" + LatencyBenchOptions.configValue(partTarget)
                + ") and nginx-rtmp");
        try (CourtcastAppServer courtcast = CourtcastAppServer.start(dir,
                Map.of("packager.partTarget", LatencyBenchOptions.configValue(partTarget)), STREAM, STREAM_KEY,
                options.serverJvmOptions());
             NginxHlsServer nginx = NginxHlsServer.start(dir)) {
            List<String> urls = List.of(
                    "rtmp://127.0.0.1:" + courtcast.rtmpPort() + "/live/" + STREAM_KEY,
                    "rtmp://127.0.0.1:" + nginx.rtmpPort() + "/live/" + STREAM);
            log(label, "publishing to both with ffmpeg's tee muxer");
            try (TeePublisher publisher = TeePublisher.start(urls, publishDuration(), dir)) {
                URI courtcastPlaylist = URI.create("http://127.0.0.1:" + courtcast.httpPort() + "/live/" + STREAM
                        + "/source.m3u8");
                URI nginxPlaylist = URI.create(nginx.playlistUrl(STREAM));
                awaitPlaylist("CourtCast", courtcastPlaylist, publisher);
                awaitPlaylist("nginx-rtmp", nginxPlaylist, publisher);
                try (PlaylistPoller courtcastPoller = new PlaylistPoller("courtcast", courtcastPlaylist,
                             new ListingLog(ListingLog.Mode.PARTS_BY_PROGRAM_DATE_TIME), publishDuration());
                     PlaylistPoller nginxPoller = new PlaylistPoller("nginx", nginxPlaylist,
                             new ListingLog(ListingLog.Mode.SEGMENTS_BY_SYSTEM_NAME), publishDuration());
                     HeadlessChromium courtcastBrowser = new HeadlessChromium();
                     HeadlessChromium nginxBrowser = new HeadlessChromium()) {
                    courtcastPoller.start();
                    nginxPoller.start();
                    return measure(partTarget, dir, courtcast, nginx, publisher, courtcastPoller, nginxPoller,
                            courtcastBrowser, nginxBrowser, notes);
                } catch (AssertionError e) {
                    // HeadlessChromium.waitUntil's timeout: a player that never played
                    return LatencyRunResult.failed(partTarget, e.getMessage(), notes);
                }
            }
        }
    }

    private LatencyRunResult measure(Duration partTarget, Path dir, CourtcastAppServer courtcast, NginxHlsServer nginx,
                                     TeePublisher publisher, PlaylistPoller courtcastPoller,
                                     PlaylistPoller nginxPoller, HeadlessChromium courtcastBrowser,
                                     HeadlessChromium nginxBrowser, List<String> notes)
            throws IOException, InterruptedException {
        String label = LatencyBenchOptions.label(partTarget);
        courtcastBrowser.open("http://127.0.0.1:" + courtcast.httpPort() + "/watch/" + STREAM);
        nginxBrowser.open(pages.nginxPage(nginx.playlistUrl(STREAM)));
        courtcastBrowser.waitUntil("return window.courtcastPlayer.stats().playing", PLAYING_TIMEOUT);
        nginxBrowser.waitUntil("return window.benchPlayer.stats().playing", PLAYING_TIMEOUT);
        courtcastBrowser.execute(sampler);
        nginxBrowser.execute(sampler);
        log(label, "both players play; warm-up " + options.warmupSeconds() + " s");
        Thread.sleep(options.warmupSeconds() * 1000L);

        // The window starts.
        courtcastBrowser.execute("window.latencyBench.reset()");
        nginxBrowser.execute("window.latencyBench.reset()");
        int courtcastSamplesBefore = ((JsonArray) courtcastBrowser.execute(
                "return window.courtcastPlayer.samples()")).size();
        int stallsBefore = ((JsonObject) courtcastBrowser.execute("return window.courtcastPlayer.stats()"))
                .getInteger("stalls");
        String metricsBefore = courtcast.metrics();
        ProcessTree bench = new ProcessTree(Math.toIntExact(ProcessHandle.current().pid()));
        ProcessTree courtcastTree = courtcast.processTree();
        ProcessTree nginxTree = nginx.processTree();
        ProcessTree ffmpegTree = publisher.processTree();
        MachineCpu machineBefore = MachineCpu.sample();
        ProcessTreeSample benchBefore = bench.sample();
        ProcessTreeSample courtcastBefore = courtcastTree.sample();
        ProcessTreeSample nginxBefore = nginxTree.sample();
        ProcessTreeSample ffmpegBefore = ffmpegTree.sample();
        String loadStart = loadAverage();
        Instant windowStart = Instant.now();
        log(label, "measuring for " + options.windowSeconds() + " s");

        long windowEnd = System.nanoTime() + options.windowSeconds() * 1_000_000_000L;
        while (System.nanoTime() < windowEnd) {
            Thread.sleep(Math.min(5_000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
            if (!publisher.isAlive()) {
                notes.add("ffmpeg stopped during the window: " + publisher.logTail().replace('\n', ' '));
                break;
            }
        }

        // The window ends.
        Instant windowStop = Instant.now();
        MachineCpu machineAfter = MachineCpu.sample();
        ProcessTreeSample benchAfter = bench.sample();
        ProcessTreeSample courtcastAfter = courtcastTree.sample();
        ProcessTreeSample nginxAfter = nginxTree.sample();
        ProcessTreeSample ffmpegAfter = ffmpegTree.sample();
        String loadEnd = loadAverage();
        String metricsAfter = courtcast.metrics();
        JsonArray courtcastPdt = (JsonArray) courtcastBrowser.execute("return window.courtcastPlayer.samples()");
        JsonObject courtcastStats = (JsonObject) courtcastBrowser.execute("return window.courtcastPlayer.stats()");
        JsonArray courtcastSamples = (JsonArray) courtcastBrowser.execute("return window.latencyBench.samples()");
        JsonArray nginxSamples = (JsonArray) nginxBrowser.execute("return window.latencyBench.samples()");
        int courtcastWaits = ((Number) courtcastBrowser.execute("return window.latencyBench.waits()")).intValue();
        int nginxWaits = ((Number) nginxBrowser.execute("return window.latencyBench.waits()")).intValue();
        JsonObject nginxStats = (JsonObject) nginxBrowser.execute("return window.benchPlayer.stats()");
        double seconds = (benchAfter.nanoTime() - benchBefore.nanoTime()) / 1e9;

        URI courtcastPlaylist = URI.create("http://127.0.0.1:" + courtcast.httpPort() + "/live/" + STREAM
                + "/source.m3u8");
        URI nginxPlaylist = URI.create(nginx.playlistUrl(STREAM));
        ClockAlignment.Result alignment = new ClockAlignment().measure(courtcastPlaylist, nginxPlaylist);
        keepPlaylists(dir, courtcastPlaylist, nginxPlaylist);
        // The raw samples of the window, for a reader who wants more than percentiles.
        Files.writeString(dir.resolve("courtcast-samples.json"), courtcastSamples.encodePrettily());
        Files.writeString(dir.resolve("nginx-samples.json"), nginxSamples.encodePrettily());
        double offset = alignment.offsetMillis();
        if (Double.isNaN(offset)) {
            notes.add("CourtCast's date-times could not be checked against nginx's arrival clock ("
                    + alignment.problem() + "): its arrival-clock figures are its date-time figures");
            offset = 0;
        }

        List<Double> glassToGlass = new ArrayList<>();
        for (int i = Math.min(courtcastSamplesBefore, courtcastPdt.size()); i < courtcastPdt.size(); i++) {
            glassToGlass.add(((Number) courtcastPdt.getValue(i)).doubleValue());
        }
        if (courtcastSamplesBefore + glassToGlass.size() != courtcastPdt.size() || courtcastPdt.size() >= 2400) {
            notes.add("CourtCast's player keeps its last 2400 samples: the window's may be incomplete");
        }
        PlayerMeasures courtcastMeasures = measures(glassToGlass, offset, courtcastSamples, "pdt", courtcastPoller,
                windowStart, windowStop, courtcastWaits,
                courtcastStats.getInteger("stalls") - stallsBefore,
                courtcastAfter.cpuSecondsSince(courtcastBefore, ProcessTree.TICKS_PER_SECOND) / seconds * 100,
                courtcastAfter.rssBytes());
        PlayerMeasures nginxMeasures = measures(samplesOf(nginxSamples, "named"), 0, nginxSamples, null, nginxPoller,
                windowStart, windowStop, nginxWaits, -1,
                nginxAfter.cpuSecondsSince(nginxBefore, ProcessTree.TICKS_PER_SECOND) / seconds * 100,
                nginxAfter.rssBytes());
        LatencyRunResult.MachineLoad load = new LatencyRunResult.MachineLoad(
                machineAfter.busySecondsSince(machineBefore) / seconds * 100,
                benchAfter.cpuSecondsSince(benchBefore, ProcessTree.TICKS_PER_SECOND) / seconds * 100,
                ffmpegAfter.cpuSecondsSince(ffmpegBefore, ProcessTree.TICKS_PER_SECOND) / seconds * 100,
                loadStart, loadEnd);

        addNotes(notes, courtcast, nginx, courtcastStats, nginxStats, courtcastMeasures, nginxMeasures, load,
                alignment, courtcastPoller, nginxPoller);
        LatencyRunResult result = new LatencyRunResult(partTarget, seconds, courtcastMeasures, nginxMeasures,
                serverMetrics(metricsBefore, metricsAfter), load, alignment,
                courtcastStats.getString("hlsVersion", "?")
                        + (courtcastStats.getString("hlsVersion", "?").equals(nginxStats.getString("hlsVersion", "?"))
                        ? "" : " (nginx page: " + nginxStats.getString("hlsVersion") + ")"),
                List.copyOf(notes), null);
        log(label, summary(result));
        return result;
    }

    /**
     * One server's figures; {@code offsetMillis} moves its own dates onto the arrival clock (how
     * late its date-times are, 0 for nginx whose fragment names are arrival times).
     */
    private static PlayerMeasures measures(List<Double> glassToGlassMillis, double offsetMillis, JsonArray samples,
                                           String crossCheck, PlaylistPoller poller, Instant from, Instant to,
                                           int waits, int playerStalls, double cpuPercent, long rssBytes) {
        List<Double> latency = samplesOf(samples, "latency");
        List<Double> lags = poller.lagsMillis(from, to);
        Distribution arrivalLag = Distribution.of(shifted(lags, offsetMillis));
        List<Double> implied = new ArrayList<>();
        for (double l : latency) {
            implied.add(l + arrivalLag.p50() / 1000);
        }
        List<Double> rates = samplesOf(samples, "rate");
        double meanRate = rates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double speed = playheadSpeed(samples);
        return new PlayerMeasures(Distribution.of(glassToGlassMillis),
                Distribution.of(shifted(glassToGlassMillis, offsetMillis)), Distribution.of(latency),
                Distribution.of(samplesOf(samples, "target")), Distribution.of(lags), arrivalLag,
                Distribution.of(implied),
                crossCheck == null ? Distribution.EMPTY : Distribution.of(samplesOf(samples, crossCheck)),
                poller.requestMillis(), poller.polls(), poller.failures(), waits, playerStalls, meanRate, speed,
                Distribution.of(samplesOf(samples, "buf")), cpuPercent, rssBytes);
    }

    /** Playhead seconds per wall-clock second between the first and the last sample; NaN with fewer than two. */
    static double playheadSpeed(JsonArray samples) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        JsonObject first = samples.getJsonObject(0);
        JsonObject last = samples.getJsonObject(samples.size() - 1);
        double wallSeconds = (last.getDouble("t") - first.getDouble("t")) / 1000;
        if (wallSeconds <= 0 || first.getValue("ct") == null || last.getValue("ct") == null) {
            return Double.NaN;
        }
        return (last.getDouble("ct") - first.getDouble("ct")) / wallSeconds;
    }

    static List<Double> shifted(List<Double> values, double by) {
        return values.stream().map(v -> v + by).toList();
    }

    /** The playlists as they were at the window's end, beside the servers' logs, for a reader to check. */
    private static void keepPlaylists(Path dir, URI courtcast, URI nginx) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (var entry : Map.of("courtcast-source.m3u8", courtcast, "nginx-bench.m3u8", nginx).entrySet()) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(entry.getValue())
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                Files.writeString(dir.resolve(entry.getKey()), response.body());
            } catch (IOException e) {
                // only a convenience
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The non-null numbers of field {@code key} of the sampler's samples. */
    static List<Double> samplesOf(JsonArray samples, String key) {
        List<Double> values = new ArrayList<>();
        for (Object sample : samples) {
            Object v = ((JsonObject) sample).getValue(key);
            if (v instanceof Number n) {
                values.add(n.doubleValue());
            }
        }
        return values;
    }

    static LatencyRunResult.ServerMetrics serverMetrics(String before, String after) {
        String lag = "courtcast_packager_part_lag_seconds";
        String answer = "courtcast_origin_blocking_answer_delay_seconds";
        String wait = "courtcast_origin_blocking_wait_seconds";
        return new LatencyRunResult.ServerMetrics(
                ms(PrometheusText.value(after, lag, "quantile", "0.5")),
                ms(PrometheusText.value(after, lag, "quantile", "0.95")),
                ms(PrometheusText.value(after, lag, "quantile", "0.99")),
                ms(PrometheusText.sum(after, lag + "_max")),
                windowMeanMillis(before, after, lag), windowCount(before, after, lag),
                windowQuantileMillis(before, after, answer, 0.5),
                windowQuantileMillis(before, after, answer, 0.99),
                ms(PrometheusText.sum(after, answer + "_max")),
                windowMeanMillis(before, after, answer), windowCount(before, after, answer),
                windowPercentWithin(before, after, answer, "0.01"),
                ms(PrometheusText.value(after, wait, "quantile", "0.5")),
                ms(PrometheusText.value(after, wait, "quantile", "0.99")));
    }

    private static double ms(double seconds) {
        return seconds < 0 ? Double.NaN : seconds * 1000;
    }

    private static long windowCount(String before, String after, String timer) {
        double a = PrometheusText.sum(after, timer + "_count");
        double b = Math.max(0, PrometheusText.sum(before, timer + "_count"));
        return a < 0 ? 0 : Math.round(a - b);
    }

    /** The bucket bounds (seconds) of CourtCast's blocking answer delay timer, as its /metrics has them. */
    static final String[] ANSWER_DELAY_BUCKETS = {"0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1"};

    /**
     * A quantile of a bucketed timer over the window, interpolated linearly inside its bucket
     * (as Prometheus' histogram_quantile does); NaN without data, the top bound when it lies above.
     */
    static double windowQuantileMillis(String before, String after, String timer, double q) {
        long count = windowCount(before, after, timer);
        if (count <= 0 || PrometheusText.value(after, timer + "_bucket", "le", ANSWER_DELAY_BUCKETS[0]) < 0) {
            return Double.NaN;
        }
        double rank = q * count;
        double lowerBound = 0;
        double below = 0;
        for (String le : ANSWER_DELAY_BUCKETS) {
            double upperBound = Double.parseDouble(le);
            double within = PrometheusText.value(after, timer + "_bucket", "le", le)
                    - Math.max(0, PrometheusText.value(before, timer + "_bucket", "le", le));
            if (within >= rank) {
                double inBucket = within - below;
                double fraction = inBucket <= 0 ? 1 : (rank - below) / inBucket;
                return (lowerBound + (upperBound - lowerBound) * fraction) * 1000;
            }
            lowerBound = upperBound;
            below = within;
        }
        return lowerBound * 1000;
    }

    /** The share of a timer's recordings in the window at or below the bucket bound {@code le}, in %. */
    static double windowPercentWithin(String before, String after, String timer, String le) {
        long count = windowCount(before, after, timer);
        double bucketAfter = PrometheusText.value(after, timer + "_bucket", "le", le);
        if (count <= 0 || bucketAfter < 0) {
            return Double.NaN;
        }
        double within = bucketAfter - Math.max(0, PrometheusText.value(before, timer + "_bucket", "le", le));
        return within * 100.0 / count;
    }

    private static double windowMeanMillis(String before, String after, String timer) {
        long count = windowCount(before, after, timer);
        if (count <= 0) {
            return Double.NaN;
        }
        double sum = PrometheusText.sum(after, timer + "_sum") - Math.max(0, PrometheusText.sum(before, timer + "_sum"));
        return sum / count * 1000;
    }

    private void addNotes(List<String> notes, CourtcastAppServer courtcast, NginxHlsServer nginx,
                          JsonObject courtcastStats, JsonObject nginxStats, PlayerMeasures courtcastMeasures,
                          PlayerMeasures nginxMeasures, LatencyRunResult.MachineLoad load,
                          ClockAlignment.Result alignment, PlaylistPoller courtcastPoller,
                          PlaylistPoller nginxPoller) throws IOException {
        if (load.othersPercent() > NOTE_OTHERS_PERCENT) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "the machine was shared: processes outside the benchmark used %.0f %% of one core during the "
                            + "window (load average %s at its start, %s at its end)",
                    load.othersPercent(), load.loadAverageStart(), load.loadAverageEnd()));
        }
        long fatal = courtcastStats.getJsonArray("errors").stream().map(JsonObject.class::cast)
                .filter(e -> e.getBoolean("fatal", false)).count();
        if (fatal > 0) {
            notes.add("CourtCast's player logged " + fatal + " fatal hls.js errors");
        }
        long nginxFatal = nginxStats.getJsonArray("errors").stream().map(JsonObject.class::cast)
                .filter(e -> e.getBoolean("fatal", false)).count();
        if (nginxFatal > 0) {
            notes.add("the nginx page logged " + nginxFatal + " fatal hls.js errors");
        }
        for (PlaylistPoller poller : List.of(courtcastPoller, nginxPoller)) {
            if (poller.failures() > 0) {
                notes.add((poller == courtcastPoller ? "CourtCast" : "nginx") + " playlist polls: " + poller.failures()
                        + " of " + poller.polls() + " failed, last: " + poller.lastFailure());
            }
        }
        // A part cannot be listed before its media arrived: beyond the check's own precision, a negative
        // arrival-clock lag means the clock check is wrong.
        double tolerance = Math.max(5, alignment.spreadMillis());
        if (courtcastMeasures.arrivalListingLagMillis().count() > 0
                && courtcastMeasures.arrivalListingLagMillis().min() < -tolerance) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "on the arrival clock some CourtCast parts were listed %.0f ms before their media arrived: the "
                            + "clock check is off by at least that much",
                    -courtcastMeasures.arrivalListingLagMillis().min()));
        }
        if (courtcastMeasures.listingLagMillis().count() > 0 && courtcastMeasures.listingLagMillis().min() < 0) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "CourtCast listed parts up to %.0f ms before its own EXT-X-PROGRAM-DATE-TIME says their media "
                            + "ended: its date-times are at least that much late (see the clock check)",
                    -courtcastMeasures.listingLagMillis().min()));
        }
        for (PlayerMeasures p : List.of(courtcastMeasures, nginxMeasures)) {
            double above = p.hlsLatencySeconds().p50() - p.targetLatencySeconds().p50();
            if (above > 0.1 && p.bufferedAheadSeconds().p50() < 1.2) {
                notes.add(String.format(java.util.Locale.ROOT,
                        "%s: hls.js stayed %.2f s above its target latency with %.2f s buffered ahead (p50); its "
                                + "latency controller plays faster (here up to %.2fx) only while more than 1 s is "
                                + "buffered, so the playhead kept to %.3fx the wall clock and did not catch up from "
                                + "where playback started",
                        p == courtcastMeasures ? "CourtCast" : "nginx-rtmp", above, p.bufferedAheadSeconds().p50(),
                        LatencyReport.HLS_MAX_RATE, p.playheadSpeed()));
            }
        }
        List<String> problems = courtcast.logProblems();
        if (!problems.isEmpty()) {
            notes.add(problems.size() + " warning/error lines in CourtCast's log, first: `"
                    + problems.getFirst().replace('`', '\'') + "`");
        }
        List<String> nginxProblems = nginx.logProblems();
        if (!nginxProblems.isEmpty()) {
            notes.add(nginxProblems.size() + " warning/error lines in nginx's error.log, first: `"
                    + nginxProblems.getFirst().replace('`', '\'') + "`");
        }
    }

    private static void awaitPlaylist(String name, URI playlist, TeePublisher publisher)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + PLAYLIST_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!publisher.isAlive()) {
                throw new IOException("ffmpeg exited before " + name + " had a playlist:\n" + publisher.logTail());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(playlist)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("#EXTINF")) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IOException(name + " had no playlist with a segment at " + playlist + " after "
                + PLAYLIST_TIMEOUT.toSeconds() + " s (last: " + last + "); ffmpeg:\n" + publisher.logTail());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String summary(LatencyRunResult r) {
        return String.format(java.util.Locale.ROOT,
                "CourtCast glass-to-glass p50 %.2f s p95 %.2f s by PROGRAM-DATE-TIME, which runs %s late: "
                        + "p50 %.2f s p95 %.2f s on the arrival clock; nginx-rtmp p50 %.2f s p95 %.2f s; listing lag "
                        + "p50 %.0f / %.0f ms; blocking answer delay p99 %.1f ms",
                r.courtcast().glassToGlassMillis().p50() / 1000, r.courtcast().glassToGlassMillis().p95() / 1000,
                r.alignment().describe(), r.courtcast().arrivalGlassToGlassMillis().p50() / 1000,
                r.courtcast().arrivalGlassToGlassMillis().p95() / 1000, r.nginx().glassToGlassMillis().p50() / 1000,
                r.nginx().glassToGlassMillis().p95() / 1000, r.courtcast().arrivalListingLagMillis().p50(),
                r.nginx().arrivalListingLagMillis().p50(), r.serverMetrics().answerDelayP99());
    }

    private static void log(String label, String message) {
        System.err.println("bench: latency " + label + ": " + message);
    }
}
