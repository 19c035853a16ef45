package com.courtcast.loadtest.ingest;

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
 * Writes the ingest results as Markdown for people and JSON for tools:
 * {@code ingest-<date>.md}, {@code ingest-<date>.json} and a copy {@code ingest-latest.md}.
 * Rewritten after every run, so an interrupted benchmark still leaves what it measured.
 */
final class IngestReport {

    /**
     * The facts every report states besides the runs.
     *
     * @param command the command that reproduces the benchmark
     * @param stream the test file and its measured bitrate
     * @param serverDescriptions how each server was run
     */
    record Setup(String command, String stream, MachineInfo machine, Map<String, String> serverDescriptions,
                 IngestBenchOptions options, LocalDate date) {}

    private final Setup setup;

    IngestReport(Setup setup) {
        this.setup = setup;
    }

    /** Writes both files (and the latest copy) for the runs so far; returns the Markdown file. */
    Path write(List<IngestRunResult> results) throws IOException {
        return ResultFiles.write(setup.options().resultsDir(), "ingest", setup.date(), markdown(results),
                Json.write(json(results)));
    }

    String markdown(List<IngestRunResult> results) {
        IngestBenchOptions o = setup.options();
        StringBuilder md = new StringBuilder();
        md.append("# Ingest benchmark, ").append(setup.date()).append("\n\n");
        md.append("- Command: `").append(setup.command()).append("` (from the repository root)\n");
        md.append("- Machine: ").append(setup.machine().describe()).append('\n');
        md.append("- Stream: ").append(setup.stream()).append('\n');
        md.append("- Each run: ").append(o.warmupSeconds()).append(" s warm-up after all publishers publish, then a ")
                .append(o.windowSeconds()).append(" s measured window; publishers and servers on the same ")
                .append(setup.machine().cores()).append(" cores, over loopback; load generator: ")
                .append(o.clientThreads()).append(" event loops in the bench JVM.\n");
        setup.serverDescriptions().forEach((name, description) ->
                md.append("- ").append(name).append(": ").append(description).append('\n'));
        md.append('\n');

        md.append("## Summary\n\n| server | largest N held | runs |\n| --- | ---: | --- |\n");
        for (String server : o.servers()) {
            List<IngestRunResult> runs = runsOf(results, server);
            Optional<Integer> held = largestHeld(runs);
            boolean allHeld = held.isPresent() && held.get() >= o.publishers().stream().max(Integer::compare).orElse(0);
            md.append("| ").append(server).append(" | ")
                    .append(held.map(String::valueOf).orElse("none"))
                    .append(allHeld ? " (the most run: the limit is higher)" : "").append(" | ")
                    .append(runs.stream().map(r -> r.publishers() + (r.held() ? "" : " (not held)")).toList())
                    .append(" |\n");
        }
        md.append('\n');
        appendRatios(md, results);
        for (String server : o.servers()) {
            appendServerTable(md, server, runsOf(results, server));
        }
        md.append("## How to read this\n\n")
                .append("- **CPU s / publisher-min** = CPU seconds of the server's process tree (utime + stime from ")
                .append("/proc/PID/stat, all threads; nginx master and workers) during the window, divided by ")
                .append("publishers x window minutes. Lower is better.\n")
                .append("- **server CPU %** is of one core (this machine has ").append(setup.machine().cores())
                .append(" x 100 %). **generator CPU %** is the load generator's JVM (all publishers), also of one ")
                .append("core: server + generator must stay well under the machine's total for the figures to mean ")
                .append("anything.\n")
                .append("- **dropped**: frames the publishers gave up, OBS-style, after falling more than ")
                .append(o.maxLagMillis()).append(" ms behind real time on a connection that was not writable.\n")
                .append("- **backlog** = bytes that had arrived in the server's sockets but were not read yet at the ")
                .append("window's end (/proc/net/tcp rx_queue), as mean milliseconds of media per connection; ")
                .append("on loopback megabytes fit in the socket buffers, so this shows a server falling behind ")
                .append("long before publishers drop.\n")
                .append("- **held** = every publisher published to the end, no frame dropped, backlog <= ")
                .append(o.maxLagMillis()).append(" ms, and (CourtCast, which counts frames) frames received == ")
                .append("frames sent after the publishers stopped.\n")
                .append("- Loopback TCP's receive processing runs mostly in the sender's context, so it is charged ")
                .append("to the load generator for both servers alike.\n");
        return md.toString();
    }

    private void appendRatios(StringBuilder md, List<IngestRunResult> results) {
        List<IngestRunResult> ours = runsOf(results, "courtcast");
        List<IngestRunResult> nginx = runsOf(results, "nginx");
        if (ours.isEmpty() || nginx.isEmpty()) {
            return;
        }
        md.append("## CPU ratio courtcast / nginx\n\nCPU seconds per publisher-minute; the ratio counts only where ")
                .append("both servers held.\n\n| N | courtcast | nginx | ratio |\n| ---: | ---: | ---: | ---: |\n");
        for (IngestRunResult a : ours) {
            for (IngestRunResult b : nginx) {
                if (a.publishers() == b.publishers()) {
                    md.append("| ").append(a.publishers()).append(" | ").append(f4(a.cpuSecondsPerPublisherMinute()))
                            .append(a.held() ? "" : " (not held)").append(" | ")
                            .append(f4(b.cpuSecondsPerPublisherMinute())).append(b.held() ? "" : " (not held)")
                            .append(" | ")
                            .append(a.held() && b.held()
                                    ? f2(a.cpuSecondsPerPublisherMinute() / b.cpuSecondsPerPublisherMinute()) : "n/a")
                            .append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private void appendServerTable(StringBuilder md, String server, List<IngestRunResult> runs) {
        if (runs.isEmpty()) {
            return;
        }
        md.append("## ").append(server).append("\n\n")
                .append("| N | published | CPU s / publisher-min | server CPU % (kernel part) | generator CPU % ")
                .append("| dropped frames ")
                .append("(publishers) | frames sent / received | backlog end / max ms | RSS MiB | generator late ms ")
                .append("| held |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (IngestRunResult r : runs) {
            md.append("| ").append(r.publishers())
                    .append(" | ").append(r.published())
                    .append(" | ").append(f4(r.cpuSecondsPerPublisherMinute()))
                    .append(" | ").append(f1(r.serverCpuPercent())).append(" (")
                    .append(f1(100 * r.serverSystemSeconds() / r.windowSeconds())).append(')')
                    .append(" | ").append(f1(r.generatorCpuPercent()))
                    .append(" | ").append(r.framesDropped()).append(" (").append(r.publishersWithDrops()).append(')')
                    .append(" | ").append(r.framesSent()).append(" / ")
                    .append(r.framesReceived() >= 0 ? String.valueOf(r.framesReceived()) : "not counted")
                    .append(" | ").append(r.backlogEndMillis()).append(" / ").append(r.backlogMaxMillis())
                    .append(" | ").append(r.serverRssBytes() >> 20)
                    .append(" | ").append(r.generatorMaxLateMillis())
                    .append(" | ").append(r.held() ? "yes" : "**no**: " + cell(String.join("; ", r.notHeld())))
                    .append(" |\n");
        }
        md.append('\n');
        for (IngestRunResult r : runs) {
            List<String> lines = new ArrayList<>(r.notes());
            r.failures().forEach((reason, count) -> lines.add(count + " publishers: " + reason));
            if (r.logProblems() > 0) {
                lines.add(r.logProblems() + " warning/error lines in the server log, first: "
                        + r.logSample().stream().map(l -> "`" + l.replace('`', '\'') + "`").toList());
            }
            if (!lines.isEmpty()) {
                md.append("N=").append(r.publishers()).append(":\n");
                lines.forEach(line -> md.append("- ").append(line).append('\n'));
                md.append('\n');
            }
        }
    }

    private Map<String, Object> json(List<IngestRunResult> results) {
        IngestBenchOptions o = setup.options();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "ingest");
        root.put("date", setup.date().toString());
        root.put("command", setup.command());
        root.put("machine", Map.of("nproc", setup.machine().cores(), "cpuModel", setup.machine().cpuModel(),
                "memoryGib", setup.machine().memoryGib(), "os", setup.machine().os(), "kernel", setup.machine().kernel(),
                "java", setup.machine().java()));
        root.put("stream", setup.stream());
        root.put("servers", setup.serverDescriptions());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("windowSeconds", o.windowSeconds());
        settings.put("warmupSeconds", o.warmupSeconds());
        settings.put("bitrateKbps", o.bitrateKbps());
        settings.put("clientThreads", o.clientThreads());
        settings.put("maxLagMillis", o.maxLagMillis());
        root.put("settings", settings);
        Map<String, Object> largest = new LinkedHashMap<>();
        for (String server : o.servers()) {
            largest.put(server, largestHeld(runsOf(results, server)).orElse(null));
        }
        root.put("largestHeld", largest);
        root.put("runs", results.stream().map(IngestReport::json).toList());
        return root;
    }

    private static Map<String, Object> json(IngestRunResult r) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("server", r.server());
        run.put("publishers", r.publishers());
        run.put("held", r.held());
        run.put("notHeld", r.notHeld());
        run.put("cpuSecondsPerPublisherMinute", round(r.cpuSecondsPerPublisherMinute(), 5));
        run.put("serverCpuSeconds", round(r.serverCpuSeconds(), 2));
        run.put("serverSystemCpuSeconds", round(r.serverSystemSeconds(), 2));
        run.put("serverCpuPercentOfOneCore", round(r.serverCpuPercent(), 1));
        run.put("windowSeconds", round(r.windowSeconds(), 2));
        run.put("serverRssBytes", r.serverRssBytes());
        run.put("serverProcesses", r.serverProcesses());
        run.put("published", r.published());
        run.put("failed", r.failed());
        run.put("failures", r.failures());
        run.put("framesSent", r.framesSent());
        run.put("framesReceived", r.framesReceived() >= 0 ? r.framesReceived() : null);
        run.put("videoFramesDropped", r.videoDropped());
        run.put("audioFramesDropped", r.audioDropped());
        run.put("publishersWithDrops", r.publishersWithDrops());
        run.put("bytesSent", r.bytesSent());
        run.put("serverBytesReceived", r.serverBytesReceived() >= 0 ? r.serverBytesReceived() : null);
        run.put("backlogEndMillis", r.backlogEndMillis());
        run.put("backlogMaxMillis", r.backlogMaxMillis());
        run.put("generatorCpuSeconds", round(r.generatorCpuSeconds(), 2));
        run.put("generatorCpuPercentOfOneCore", round(r.generatorCpuPercent(), 1));
        run.put("generatorMaxLateMillis", r.generatorMaxLateMillis());
        run.put("logProblems", r.logProblems());
        run.put("logSample", r.logSample());
        run.put("notes", r.notes());
        return run;
    }

    static Optional<Integer> largestHeld(List<IngestRunResult> runs) {
        return runs.stream().filter(IngestRunResult::held).map(IngestRunResult::publishers).max(Integer::compare);
    }

    private static List<IngestRunResult> runsOf(List<IngestRunResult> results, String server) {
        return results.stream().filter(r -> r.server().equals(server)).toList();
    }

    /** Text fit for one table cell: one line, no pipes, not too long. */
    private static String cell(String text) {
        String line = text.replace('|', '/').replaceAll("\\s*\\R\\s*", " / ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
