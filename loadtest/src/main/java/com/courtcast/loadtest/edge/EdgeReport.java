package com.courtcast.loadtest.edge;

import com.courtcast.loadtest.report.Json;
import com.courtcast.loadtest.report.MachineInfo;
import com.courtcast.loadtest.report.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the edge results as Markdown for people and JSON for tools: {@code edge-<date>.md},
 * {@code edge-<date>.json} and a copy {@code edge-latest.md}.
 */
final class EdgeReport {

    /**
     * The facts every report states besides the measurements.
     *
     * @param command the command that reproduces the benchmark
     * @param nginx how nginx was run
     * @param wrk the wrk command line
     */
    record Setup(String command, MachineInfo machine, String nginx, String wrk, EdgeBenchOptions options,
                 LocalDate date) {}

    private final Setup setup;

    EdgeReport(Setup setup) {
        this.setup = setup;
    }

    Path write(List<ThroughputRow> rows, List<ViewerRunResult> live) throws IOException {
        return ResultFiles.write(setup.options().resultsDir(), "edge", setup.date(), markdown(rows, live),
                Json.write(json(rows, live)));
    }

    String markdown(List<ThroughputRow> rows, List<ViewerRunResult> live) {
        EdgeBenchOptions o = setup.options();
        StringBuilder md = new StringBuilder();
        md.append("# Edge benchmark, ").append(setup.date()).append("\n\n");
        md.append("- Command: `").append(setup.command()).append("` (from the repository root)\n");
        md.append("- Machine: ").append(setup.machine().describe()).append('\n');
        md.append("- courtcast: CourtCast's edge (`./courtcast edge --origin URL --edge-port PORT`, JVM ")
                .append(Runtime.version().feature()).append("), cache ").append(o.cacheBytes() / (1024 * 1024))
                .append(" MiB\n");
        md.append("- nginx: ").append(setup.nginx()).append(", cache max_size ").append(o.cacheBytes() / (1024 * 1024))
                .append(" MiB\n");
        md.append("- Load: `").append(setup.wrk()).append("` after a ").append(ThroughputRun.WARMUP_SECONDS)
                .append(" s warm-up of each cache and workload, on the same ")
                .append(setup.machine().cores()).append(" cores, over loopback; both caches in front of one origin ")
                .append("in the bench JVM that sends the Cache-Control CourtCast's origin sends.\n\n");
        if (!rows.isEmpty()) {
            appendThroughput(md, rows);
        }
        if (!live.isEmpty()) {
            appendLive(md, live);
        }
        md.append("## How to read this\n\n")
                .append("- **req/s** and the latency percentiles are wrk's. Each request is a cache hit but for the ")
                .append("first and the playlist's refreshes (it is fresh for 1 s): **origin requests** counts what ")
                .append("reached the origin during the run.\n")
                .append("- **CPU µs / request** = CPU seconds of the cache's processes (utime + stime from ")
                .append("/proc/PID/stat; nginx master and workers) during the run, per request answered.\n")
                .append("- wrk runs on the same cores as the cache, so both compete with it alike.\n")
                .append("- **Live run**: a probe asks the origin itself for each next part with a blocking ")
                .append("playlist request; the moment the origin lists the part is its availability. Each viewer ")
                .append("asks the cache for the hinted part and the blocking playlist at once (a client that loads ")
                .append("hinted parts ahead; hls.js itself asks for a part once a playlist lists it); the ")
                .append("delay is from availability to the part's last byte at the viewer. ")
                .append("`deliveries-<cache>-<viewers>.csv` in the run's work directory keeps every delivery. ")
                .append("Origin requests are ")
                .append("the origin's own counters (`courtcast_origin_live_requests_total`), the probe's left out. ")
                .append("The viewers run in the bench JVM on the same cores: a Netty HTTP/1.1 client on ")
                .append(ViewerFleet.DEFAULT_EVENT_LOOPS).append(" event loops, keep-alive connections (one for ")
                .append("the playlist chain, one or more for parts); its CPU is in the table.\n")
                .append("- **CPU per viewer per part** divides each side's CPU over the window by viewers x parts. ")
                .append("A part comes out at the origin whole, and every viewer wants it at once: the fan-out needs ")
                .append("about viewers x (server side + bench JVM) µs of CPU on the machine's cores, a floor under ")
                .append("the delay's upper percentiles whatever the edge does when viewers and edge share them.\n");
        return md.toString();
    }

    private static void appendThroughput(StringBuilder md, List<ThroughputRow> rows) {
        md.append("## Cache hits (wrk)\n\n")
                .append("| workload | server | req/s | p50 ms | p99 ms | MB/s | CPU µs / request | origin requests | errors |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (ThroughputRow row : rows) {
            WrkResult w = row.wrk();
            md.append("| ").append(row.workload()).append(" | ").append(row.server()).append(" | ")
                    .append(fmt("%,.0f", w.requestsPerSecond())).append(" | ").append(fmt("%.2f", w.p50Millis()))
                    .append(" | ").append(fmt("%.2f", w.p99Millis())).append(" | ")
                    .append(fmt("%,.0f", w.bytesPerSecond() / (1024 * 1024))).append(" | ")
                    .append(fmt("%.1f", row.cpuMicrosPerRequest())).append(" | ").append(row.originRequests())
                    .append(" | ").append(w.socketErrors() + w.non2xx()).append(" |\n");
        }
        md.append("\n## Ratios courtcast / nginx\n\n")
                .append("| workload | throughput ratio (goal >= 1.0) | p99 ratio (goal <= 1.0) |\n| --- | ---: | ---: |\n");
        for (String workload : ThroughputRun.WORKLOADS.keySet()) {
            Optional<ThroughputRow> ours = find(rows, "courtcast", workload);
            Optional<ThroughputRow> theirs = find(rows, "nginx", workload);
            if (ours.isPresent() && theirs.isPresent()) {
                md.append("| ").append(workload).append(" | ")
                        .append(fmt("%.2f", ours.get().wrk().requestsPerSecond() / theirs.get().wrk().requestsPerSecond()))
                        .append(" | ").append(fmt("%.2f", ours.get().wrk().p99Millis() / theirs.get().wrk().p99Millis()))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void appendLive(StringBuilder md, List<ViewerRunResult> live) {
        md.append("## Live LL-HLS through the edge\n\n")
                .append("`./courtcast all` (ingest, origin, edge) with ffmpeg publishing 640x360 30 fps, 1 s GOP; ")
                .append(live.getFirst().windowSeconds()).append(" s window per run; the viewers read through ")
                .append("CourtCast's edge (`courtcast`) or through nginx's proxy_cache in front of the same origin ")
                .append("(`nginx`, configured as for the hit workloads), one run after the other on the same stream.\n\n");
        md.append("| measure |");
        live.forEach(r -> md.append(' ').append(r.cache()).append(", ").append(r.viewers()).append(" viewers |"));
        md.append("\n| --- |").append(" ---: |".repeat(live.size())).append('\n');
        row(md, "parts available at the origin in the window", live, r -> String.valueOf(r.partsInWindow()));
        row(md, "origin part requests per part (goal 1)", live,
                r -> fmt("%.3f", r.originPartRequestsPerPart()) + " (" + r.originPartRequests() + ")");
        row(md, "origin blocking playlist requests per part", live,
                r -> fmt("%.3f", r.originBlockingRequestsPerPart()) + " (" + r.originBlockingPlaylistRequests() + ")");
        row(md, "origin plain playlist requests", live, r -> String.valueOf(r.originPlainPlaylistRequests()));
        row(md, "viewer requests to the cache", live, r -> String.valueOf(r.viewerRequests()));
        row(md, "offload (viewer requests the origin never saw; goal >= 99.9 %)", live,
                r -> fmt("%.3f %%", r.offloadPercent()));
        row(md, "part delivery delay p50 / p95 / p99 / max, ms (goal p99 <= 50)", live,
                r -> fmt("%.1f", r.deliveryDelayMillis().p50()) + " / " + fmt("%.1f", r.deliveryDelayMillis().p95())
                        + " / " + fmt("%.1f", r.deliveryDelayMillis().p99()) + " / "
                        + fmt("%.1f", r.deliveryDelayMillis().max()));
        row(md, "parts delivered / viewers x parts", live, r -> r.deliveries() + " / " + r.expectedDeliveries());
        row(md, "hinted parts answered 404", live, r -> String.valueOf(r.unproducedHints()));
        row(md, "viewer connections opened in the window", live, r -> String.valueOf(r.viewerConnects()));
        row(md, "viewer request errors", live, r -> r.viewerErrors()
                + (r.lastError() == null ? "" : " (last: " + r.lastError().replace('|', '/') + ")"));
        row(md, "server-side CPU (CourtCast's roles, plus nginx when it serves), % of one core", live,
                r -> fmt("%.1f", r.serverCpuPercent()));
        row(md, "CourtCast RSS, MiB", live, r -> fmt("%.0f", r.serverRssMiB()));
        row(md, "bench JVM CPU (viewers and probe), % of one core", live, r -> fmt("%.1f", r.benchCpuPercent()));
        row(md, "CPU per viewer per part, µs: server side / bench JVM", live,
                r -> fmt("%.0f", r.serverCpuMicrosPerViewerPart()) + " / " + fmt("%.0f", r.benchCpuMicrosPerViewerPart()));
        row(md, "machine load average (1 min) at the window's start / end", live,
                r -> fmt("%.2f", r.machineLoad()[0]) + " / " + fmt("%.2f", r.machineLoad()[1]));
        md.append('\n');
        List<String> problems = live.getLast().problems();
        if (!problems.isEmpty()) {
            md.append("Server log problems (first 10):\n\n");
            problems.stream().limit(10).forEach(p -> md.append("    ").append(p).append('\n'));
            md.append('\n');
        }
    }

    private static void row(StringBuilder md, String measure, List<ViewerRunResult> live,
                            java.util.function.Function<ViewerRunResult, String> value) {
        md.append("| ").append(measure).append(" |");
        live.forEach(r -> md.append(' ').append(value.apply(r)).append(" |"));
        md.append('\n');
    }

    private static Optional<ThroughputRow> find(List<ThroughputRow> rows, String server, String workload) {
        return rows.stream().filter(r -> r.server().equals(server) && r.workload().equals(workload)).findFirst();
    }

    private Map<String, Object> json(List<ThroughputRow> rows, List<ViewerRunResult> live) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", setup.date().toString());
        json.put("command", setup.command());
        json.put("machine", setup.machine().describe());
        json.put("nginx", setup.nginx());
        json.put("wrk", setup.wrk());
        List<Object> hits = new ArrayList<>();
        for (ThroughputRow row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("server", row.server());
            r.put("workload", row.workload());
            r.put("requestsPerSecond", row.wrk().requestsPerSecond());
            r.put("p50Millis", row.wrk().p50Millis());
            r.put("p99Millis", row.wrk().p99Millis());
            r.put("bytesPerSecond", row.wrk().bytesPerSecond());
            r.put("requests", row.wrk().requests());
            r.put("errors", row.wrk().socketErrors() + row.wrk().non2xx());
            r.put("serverCpuSeconds", row.serverCpuSeconds());
            r.put("originRequests", row.originRequests());
            hits.add(r);
        }
        json.put("hits", hits);
        List<Object> runs = new ArrayList<>();
        for (ViewerRunResult run : live) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("cache", run.cache());
            l.put("viewers", run.viewers());
            l.put("windowSeconds", run.windowSeconds());
            l.put("partsInWindow", run.partsInWindow());
            l.put("originPartRequests", run.originPartRequests());
            l.put("originBlockingPlaylistRequests", run.originBlockingPlaylistRequests());
            l.put("originPlainPlaylistRequests", run.originPlainPlaylistRequests());
            l.put("viewerRequests", run.viewerRequests());
            l.put("offloadPercent", run.offloadPercent());
            l.put("deliveries", run.deliveries());
            l.put("expectedDeliveries", run.expectedDeliveries());
            l.put("deliveryDelayMillis", run.deliveryDelayMillis().json(2));
            l.put("unproducedHints", run.unproducedHints());
            l.put("viewerConnects", run.viewerConnects());
            l.put("viewerErrors", run.viewerErrors());
            l.put("serverCpuPercent", run.serverCpuPercent());
            l.put("serverRssMiB", run.serverRssMiB());
            l.put("benchCpuPercent", run.benchCpuPercent());
            l.put("serverCpuMicrosPerViewerPart", run.serverCpuMicrosPerViewerPart());
            l.put("benchCpuMicrosPerViewerPart", run.benchCpuMicrosPerViewerPart());
            l.put("machineLoadAverage", List.of(run.machineLoad()[0], run.machineLoad()[1]));
            runs.add(l);
        }
        json.put("live", runs);
        return json;
    }

    private static String fmt(String format, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
