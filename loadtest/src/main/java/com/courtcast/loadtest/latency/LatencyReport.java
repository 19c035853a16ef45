package com.courtcast.loadtest.latency;

import com.courtcast.loadtest.latency.LatencyRunResult.MachineLoad;
import com.courtcast.loadtest.latency.LatencyRunResult.PlayerMeasures;
import com.courtcast.loadtest.latency.LatencyRunResult.ServerMetrics;
import com.courtcast.loadtest.report.Json;
import com.courtcast.loadtest.report.MachineInfo;
import com.courtcast.loadtest.report.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the latency results as Markdown for people and JSON for tools:
 * {@code latency-<date>.md}, {@code latency-<date>.json} and a copy {@code latency-latest.md}.
 * Rewritten after every run, so an interrupted benchmark still leaves what it measured.
 */
final class LatencyReport {

    /** Goals from the issue, reported against, never asserted. */
    static final Duration GOAL_PART_TARGET = Duration.ofMillis(200);
    static final double GOAL_P50_SECONDS = 1.0;
    static final double GOAL_P95_SECONDS = 1.5;
    static final double GOAL_ANSWER_DELAY_P99_MILLIS = 10;
    static final double GOAL_ANSWER_WITHIN_PERCENT = 99;
    static final double HLS_MAX_RATE = 1.1;
    static final String HLS_CONFIG = "{ lowLatencyMode: true, backBufferLength: 90, maxLiveSyncPlaybackRate: "
            + HLS_MAX_RATE + " }";

    /**
     * The facts every report states besides the runs.
     *
     * @param command the command that reproduces the benchmark
     * @param nginx nginx's version
     * @param publisher the ffmpeg command, with placeholders for ports and the key
     */
    record Setup(String command, MachineInfo machine, String nginx, LatencyBenchOptions options, LocalDate date,
                 List<String> publisher) {}

    private final Setup setup;

    LatencyReport(Setup setup) {
        this.setup = setup;
    }

    /** Writes both files (and the latest copy) for the runs so far; returns the Markdown file. */
    Path write(List<LatencyRunResult> results) throws IOException {
        return ResultFiles.write(setup.options().resultsDir(), "latency", setup.date(), markdown(results),
                Json.write(json(results)));
    }

    String markdown(List<LatencyRunResult> results) {
        LatencyBenchOptions o = setup.options();
        StringBuilder md = new StringBuilder();
        md.append("# Latency benchmark, ").append(setup.date()).append("\n\n");
        md.append("- Command: `").append(setup.command()).append("` (from the repository root)\n");
        md.append("- Machine: ").append(setup.machine().describe()).append('\n');
        md.append("- Publisher: one ffmpeg, live-encoding a 640x360 30 fps test pattern with a 48 kHz tone (1 s GOP, ")
                .append("x264 veryfast zerolatency 1 Mbit/s, AAC 64 kbit/s) and sending the same packets to both servers ")
                .append("through the tee muxer: `").append(shellJoin(setup.publisher())).append("`\n");
        md.append("- courtcast: CourtCast `all` (ingest, packager, origin) in its own JVM (")
                .append(setup.machine().java()).append("), `packager.partTarget` per run from `--config`, every other ")
                .append("key at its default (`packager.targetDuration` 2s, recording on); played from its `/watch/bench` page\n");
        md.append("- nginx: ").append(setup.nginx()).append(", `application live { live on; hls on; hls_fragment 1s; ")
                .append("hls_playlist_length 6s; hls_fragment_naming system; }`, 1 worker, the playlist and fragments ")
                .append("served by the same nginx (CORS open); played from a page of the benchmark's own\n");
        md.append("- Players: headless Chromium, one per server, both running the player-demo jar's hls.min.js with `")
                .append(HLS_CONFIG).append("` (CourtCast's viewer settings)\n");
        md.append("- Each run: both players playing, ").append(o.warmupSeconds()).append(" s warm-up, then a ")
                .append(o.windowSeconds()).append(" s measured window; servers, publisher and browsers on the same ")
                .append(setup.machine().cores()).append(" cores, over loopback.\n\n");

        appendGoals(md, results);
        for (LatencyRunResult r : results) {
            appendRun(md, r);
        }
        appendHowToRead(md);
        return md.toString();
    }

    private void appendGoals(StringBuilder md, List<LatencyRunResult> results) {
        md.append("## Goals\n\nReported against, not asserted. The glass-to-glass goals are set at PART-TARGET ")
                .append(LatencyBenchOptions.label(GOAL_PART_TARGET)).append("; other part targets are shown for ")
                .append("information.\n\n| goal | PART-TARGET | measured | |\n| --- | --- | ---: | --- |\n");
        for (LatencyRunResult r : results) {
            String pt = LatencyBenchOptions.label(r.partTarget());
            boolean goalTarget = r.partTarget().equals(GOAL_PART_TARGET);
            if (r.failed()) {
                md.append("| all | ").append(pt).append(" | - | run failed |\n");
                continue;
            }
            Distribution g2g = r.courtcast().glassToGlassMillis().scaled(1000);
            Distribution arrival = r.courtcast().arrivalGlassToGlassMillis().scaled(1000);
            md.append("| glass-to-glass p50 <= ").append(f1(GOAL_P50_SECONDS)).append(" s, by PROGRAM-DATE-TIME | ")
                    .append(pt).append(" | ").append(f2(g2g.p50())).append(" s | ")
                    .append(verdict(g2g.p50(), GOAL_P50_SECONDS, goalTarget)).append(" |\n");
            md.append("| glass-to-glass p95 <= ").append(f1(GOAL_P95_SECONDS)).append(" s, by PROGRAM-DATE-TIME | ")
                    .append(pt).append(" | ").append(f2(g2g.p95())).append(" s | ")
                    .append(verdict(g2g.p95(), GOAL_P95_SECONDS, goalTarget)).append(" |\n");
            md.append("| glass-to-glass p50 <= ").append(f1(GOAL_P50_SECONDS)).append(" s, on the arrival clock | ")
                    .append(pt).append(" | ").append(f2(arrival.p50())).append(" s | ")
                    .append(verdict(arrival.p50(), GOAL_P50_SECONDS, goalTarget)).append(" |\n");
            md.append("| glass-to-glass p95 <= ").append(f1(GOAL_P95_SECONDS)).append(" s, on the arrival clock | ")
                    .append(pt).append(" | ").append(f2(arrival.p95())).append(" s | ")
                    .append(verdict(arrival.p95(), GOAL_P95_SECONDS, goalTarget)).append(" |\n");
            // p99 <= 10 ms exactly when at least 99 % of the window's answers took at most 10 ms.
            double within = r.serverMetrics().answerWithin10msWindowPercent();
            md.append("| blocking playlist request answered within ").append(f0(GOAL_ANSWER_DELAY_P99_MILLIS))
                    .append(" ms of its part (p99), share within 10 ms in the window | ").append(pt).append(" | ")
                    .append(f2(within)).append(" % | ")
                    .append(verdict(100 - within, 100 - GOAL_ANSWER_WITHIN_PERCENT, true)).append(" |\n");
        }
        md.append('\n');
    }

    /** Met, not met, or no data; in parentheses where the goal is set at another part target. */
    static String verdict(double measured, double limit, boolean goalApplies) {
        if (Double.isNaN(measured)) {
            return "no data";
        }
        boolean met = measured <= limit;
        String word = met ? "met" : "**not met**";
        return goalApplies ? word : "(" + (met ? "would be met" : "would not be met") + ")";
    }

    private void appendRun(StringBuilder md, LatencyRunResult r) {
        md.append("## PART-TARGET ").append(LatencyBenchOptions.label(r.partTarget())).append("\n\n");
        if (r.failed()) {
            md.append("The run failed: ").append(cell(r.failure())).append("\n\n");
            appendNotes(md, r.notes());
            return;
        }
        PlayerMeasures c = r.courtcast();
        PlayerMeasures n = r.nginx();
        md.append("| measure | CourtCast | nginx-rtmp |\n| --- | ---: | ---: |\n");
        row(md, "**glass-to-glass** by the server's own dates, p50 / p95 / max, s",
                triple(c.glassToGlassMillis().scaled(1000)) + " (PROGRAM-DATE-TIME)",
                triple(n.glassToGlassMillis().scaled(1000)) + " (fragment names)");
        row(md, "**glass-to-glass on the arrival clock**, p50 / p95 / max, s",
                triple(c.arrivalGlassToGlassMillis().scaled(1000)), triple(n.arrivalGlassToGlassMillis().scaled(1000)));
        row(md, "implied glass-to-glass p50 / p95, s (hls.js latency + arrival-clock listing lag p50)",
                pair(c.impliedGlassToGlassSeconds()), pair(n.impliedGlassToGlassSeconds()));
        row(md, "hls.js latency p50 / p95, s", pair(c.hlsLatencySeconds()), pair(n.hlsLatencySeconds()));
        row(md, "hls.js target latency p50, s", f2(c.targetLatencySeconds().p50()), f2(n.targetLatencySeconds().p50()));
        row(md, "listing lag by the server's own dates, p50 / p95 / max, ms", triple0(c.listingLagMillis()),
                triple0(n.listingLagMillis()));
        row(md, "listing lag on the arrival clock, p50 / p95 / max, ms", triple0(c.arrivalListingLagMillis()),
                triple0(n.arrivalListingLagMillis()));
        row(md, "listed in the window", c.listingLagMillis().count() + " parts", n.listingLagMillis().count()
                + " segments");
        row(md, "stalls (`waiting` events)", c.waits() + (c.playerStalls() >= 0 ? " (player page: " + c.playerStalls()
                + ")" : ""), String.valueOf(n.waits()));
        row(md, "buffered ahead of the playhead p50 / min, s", f2(c.bufferedAheadSeconds().p50()) + " / "
                + f2(c.bufferedAheadSeconds().min()), f2(n.bufferedAheadSeconds().p50()) + " / "
                + f2(n.bufferedAheadSeconds().min()));
        row(md, "mean playbackRate / playhead speed (playhead s per wall s)",
                f3(c.meanPlaybackRate()) + " / " + f3(c.playheadSpeed()),
                f3(n.meanPlaybackRate()) + " / " + f3(n.playheadSpeed()));
        row(md, "samples (one per 250 ms of playback)", c.glassToGlassMillis().count() + "",
                n.glassToGlassMillis().count() + "");
        row(md, "server CPU, % of one core", f1(c.serverCpuPercent()), f1(n.serverCpuPercent()));
        row(md, "server RSS, MiB", String.valueOf(c.serverRssBytes() >> 20), String.valueOf(n.serverRssBytes() >> 20));
        row(md, "playlist poll: requests (failed), request time p50 / p99 ms",
                c.polls() + " (" + c.pollFailures() + "), " + f1(c.pollRequestMillis().p50()) + " / "
                        + f1(c.pollRequestMillis().p99()),
                n.polls() + " (" + n.pollFailures() + "), " + f1(n.pollRequestMillis().p50()) + " / "
                        + f1(n.pollRequestMillis().p99()));
        md.append('\n');

        ServerMetrics m = r.serverMetrics();
        md.append("CourtCast's own timers (`/metrics`; quantiles over Micrometer's last two minutes, means over the ")
                .append("window):\n\n| timer | p50 / p95 / p99 / max, ms | window mean, ms (count) |\n")
                .append("| --- | ---: | ---: |\n");
        md.append("| `courtcast_packager_part_lag_seconds` (part's last frame reaches the packager -> part listed) | ")
                .append(f1(m.partLagP50())).append(" / ").append(f1(m.partLagP95())).append(" / ")
                .append(f1(m.partLagP99())).append(" / ").append(f1(m.partLagMax())).append(" | ")
                .append(f1(m.partLagWindowMean())).append(" (").append(m.partLagWindowCount()).append(") |\n");
        md.append("| `courtcast_origin_blocking_answer_delay_seconds` (part listed -> held request answered) | ")
                .append(f2(m.answerDelayP50())).append(" / - / ").append(f2(m.answerDelayP99())).append(" / ")
                .append(f2(m.answerDelayMax())).append(" | ").append(f2(m.answerDelayWindowMean())).append(" (")
                .append(m.answerDelayWindowCount()).append(", ").append(f2(m.answerWithin10msWindowPercent()))
                .append(" % within 10 ms) |\n");
        md.append("| `courtcast_origin_blocking_wait_seconds` (how long requests were held) | ")
                .append(f0(m.blockingWaitP50())).append(" / - / ").append(f0(m.blockingWaitP99()))
                .append(" / - | - |\n\n");

        md.append("Clock check: CourtCast's PROGRAM-DATE-TIME runs ").append(r.alignment().describe())
                .append(" late against nginx-rtmp's arrival clock on the same frames; the arrival-clock rows ")
                .append("add this to CourtCast's date-time figures.\n\n");
        MachineLoad load = r.machine();
        md.append(String.format(Locale.ROOT, "Machine during the window (%% of one core, %d x 100 %% in all): busy %.0f, "
                        + "the benchmark's processes %.0f (of which ffmpeg %.0f), others %.0f; load average %s at the "
                        + "start, %s at the end. hls.js %s.%n%n",
                setup.machine().cores(), load.machineBusyPercent(), load.benchPercent(), load.ffmpegPercent(),
                load.othersPercent(), load.loadAverageStart(), load.loadAverageEnd(), r.hlsVersion()));
        if (c.crossCheckMillis().count() > 0) {
            md.append(String.format(Locale.ROOT, "Cross-check: the benchmark's own sampler in CourtCast's page read the "
                            + "date-time latency as p50 %.2f s, p95 %.2f s (%d samples).%n%n",
                    c.crossCheckMillis().p50() / 1000, c.crossCheckMillis().p95() / 1000, c.crossCheckMillis().count()));
        }
        appendNotes(md, r.notes());
    }

    private static void appendNotes(StringBuilder md, List<String> notes) {
        if (!notes.isEmpty()) {
            md.append("Notes:\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
            md.append('\n');
        }
    }

    private void appendHowToRead(StringBuilder md) {
        md.append("## How to read this\n\n")
                .append("- **glass-to-glass** = the browser's wall clock minus the time the media at the playhead ")
                .append("reached the server, sampled every 250 ms while the video plays (waiting included, so a stall ")
                .append("counts as the latency it adds). The encoder's own delay (capture and x264, a frame or two) ")
                .append("comes before the server and is in no figure here.\n")
                .append("  - **by the server's own dates**: CourtCast: `window.courtcastPlayer.samples()`, wall clock ")
                .append("minus EXT-X-PROGRAM-DATE-TIME at the playhead (`hls.playingDate`), the issue's definition. ")
                .append("nginx-rtmp writes no date-times, but with `hls_fragment_naming system` each fragment is ")
                .append("named after nginx's clock when its first keyframe arrived; the page adds the playhead's ")
                .append("offset into the fragment.\n")
                .append("  - **on the arrival clock**: CourtCast dates all media once, from its packager's handling ")
                .append("of the stream's first frame; if that was late against the stream's steady pace (an ")
                .append("encoder's start-up burst, a cold or busy server), every date-time is late by as much and ")
                .append("date-time latency reads low by as much. ")
                .append("The clock check measures it: both servers get the same packets at the same moment with ")
                .append("the same RTMP timestamps; CourtCast's anchor is a segment's date-time minus its first ")
                .append("part's fMP4 decode time, nginx's is each fragment's name minus its first video DTS ")
                .append("(nginx-rtmp writes RTMP timestamps x 90 plus a fixed 700 ms); the difference of the two ")
                .append("(nginx: the median ")
                .append("over the playlist's fragments) is added to CourtCast's figures. nginx-rtmp's are ")
                .append("already on this clock.\n")
                .append("- **implied glass-to-glass** = each hls.js `latency` sample (the playhead's distance behind ")
                .append("hls.js's estimate of the live edge: the last listed part's end plus the time since the ")
                .append("playlist arrived) plus the server's median listing lag. A like-for-like check that needs no ")
                .append("date-times; it leaves out the playlist's delivery.\n")
                .append("- **hls.js target latency** is PART-HOLD-BACK (CourtCast) or 3 target durations (nginx-rtmp). ")
                .append("hls.js starts playback at an independent part near it and then speeds up (playbackRate up to ")
                .append(HLS_MAX_RATE).append(") only while more than 1 s is buffered ahead, so a player that starts ")
                .append("further behind with about 1 s buffered stays there: the playbackRate and playhead speed rows ")
                .append("show whether it caught up.\n")
                .append("- **listing lag** = from the media that ends a part (CourtCast) or a segment (nginx-rtmp) ")
                .append("reaching the server (its date-time plus the part durations up to its end, resp. the next ")
                .append("fragment's name; moved onto the arrival clock as above) to the first plain GET that lists ")
                .append("it, polled every ")
                .append(PlaylistPoller.INTERVAL.toMillis()).append(" ms: up to one interval plus one request ")
                .append("later than the listing itself. nginx-rtmp can list a fragment only when the keyframe that ")
                .append("starts the next one arrives, so a segment's media waits up to its whole length before that; ")
                .append("CourtCast's parts wait up to one part.\n")
                .append("- CourtCast's **part lag** timer starts at the part's last frame, one frame (33 ms) before the ")
                .append("frame that closes the part; the **blocking answer delay** is the time from a part being ")
                .append("listed to a held `_HLS_msn`/`_HLS_part` request being answered.\n")
                .append("- The machine is shared: when others' CPU is high, latencies and lags include waiting for a ")
                .append("core. Compare the two servers within a run; they shared the same conditions.\n");
    }

    private Map<String, Object> json(List<LatencyRunResult> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "latency");
        root.put("date", setup.date().toString());
        root.put("command", setup.command());
        MachineInfo m = setup.machine();
        root.put("machine", Map.of("nproc", m.cores(), "cpuModel", m.cpuModel(), "memoryGib", m.memoryGib(),
                "os", m.os(), "kernel", m.kernel(), "java", m.java()));
        root.put("publisher", shellJoin(setup.publisher()));
        root.put("nginx", setup.nginx());
        root.put("hlsConfig", HLS_CONFIG);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("windowSeconds", setup.options().windowSeconds());
        settings.put("warmupSeconds", setup.options().warmupSeconds());
        settings.put("pollIntervalMillis", PlaylistPoller.INTERVAL.toMillis());
        root.put("settings", settings);
        List<Object> runs = new ArrayList<>();
        for (LatencyRunResult r : results) {
            runs.add(json(r));
        }
        root.put("runs", runs);
        return root;
    }

    private static Map<String, Object> json(LatencyRunResult r) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("partTargetMillis", r.partTarget().toMillis());
        run.put("failure", r.failure());
        run.put("windowSeconds", Distribution.round(r.windowSeconds(), 2));
        run.put("hlsVersion", r.hlsVersion());
        Map<String, Object> clock = new LinkedHashMap<>();
        clock.put("courtcastDateTimeLateMillis", rnd(r.alignment().offsetMillis()));
        clock.put("nginxAnchorSpreadMillis", rnd(r.alignment().spreadMillis()));
        clock.put("nginxFragments", r.alignment().nginxAnchorMillis().count());
        clock.put("problem", r.alignment().problem());
        run.put("clockCheck", clock);
        run.put("courtcast", json(r.courtcast()));
        run.put("nginx", json(r.nginx()));
        ServerMetrics s = r.serverMetrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("partLagMillis", Map.of("p50", rnd(s.partLagP50()), "p95", rnd(s.partLagP95()),
                "p99", rnd(s.partLagP99()), "max", rnd(s.partLagMax()), "windowMean", rnd(s.partLagWindowMean()),
                "windowCount", s.partLagWindowCount()));
        metrics.put("blockingAnswerDelayMillis", Map.of("p50", rnd(s.answerDelayP50()), "p99", rnd(s.answerDelayP99()),
                "max", rnd(s.answerDelayMax()), "windowMean", rnd(s.answerDelayWindowMean()),
                "windowCount", s.answerDelayWindowCount(), "windowPercentWithin10ms",
                rnd(s.answerWithin10msWindowPercent())));
        metrics.put("blockingWaitMillis", Map.of("p50", rnd(s.blockingWaitP50()), "p99", rnd(s.blockingWaitP99())));
        run.put("courtcastMetrics", metrics);
        MachineLoad load = r.machine();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("busyPercentOfOneCore", rnd(load.machineBusyPercent()));
        machine.put("benchPercentOfOneCore", rnd(load.benchPercent()));
        machine.put("ffmpegPercentOfOneCore", rnd(load.ffmpegPercent()));
        machine.put("othersPercentOfOneCore", rnd(load.othersPercent()));
        machine.put("loadAverageStart", load.loadAverageStart());
        machine.put("loadAverageEnd", load.loadAverageEnd());
        run.put("machine", machine);
        run.put("notes", r.notes());
        return run;
    }

    private static Map<String, Object> json(PlayerMeasures p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("glassToGlassMillis", p.glassToGlassMillis().json(1));
        out.put("arrivalGlassToGlassMillis", p.arrivalGlassToGlassMillis().json(1));
        out.put("impliedGlassToGlassSeconds", p.impliedGlassToGlassSeconds().json(3));
        out.put("hlsLatencySeconds", p.hlsLatencySeconds().json(3));
        out.put("hlsTargetLatencySeconds", p.targetLatencySeconds().json(3));
        out.put("listingLagMillis", p.listingLagMillis().json(1));
        out.put("arrivalListingLagMillis", p.arrivalListingLagMillis().json(1));
        out.put("crossCheckMillis", p.crossCheckMillis().json(1));
        out.put("pollRequestMillis", p.pollRequestMillis().json(2));
        out.put("polls", p.polls());
        out.put("pollFailures", p.pollFailures());
        out.put("waits", p.waits());
        out.put("playerStalls", p.playerStalls() >= 0 ? p.playerStalls() : null);
        out.put("meanPlaybackRate", rnd(p.meanPlaybackRate()));
        out.put("playheadSpeed", Distribution.round(p.playheadSpeed(), 4));
        out.put("bufferedAheadSeconds", p.bufferedAheadSeconds().json(3));
        out.put("serverCpuPercentOfOneCore", rnd(p.serverCpuPercent()));
        out.put("serverRssBytes", p.serverRssBytes());
        return out;
    }

    private static void row(StringBuilder md, String name, String courtcast, String nginx) {
        md.append("| ").append(name).append(" | ").append(courtcast).append(" | ").append(nginx).append(" |\n");
    }

    private static String triple(Distribution d) {
        return f2(d.p50()) + " / " + f2(d.p95()) + " / " + f2(d.max());
    }

    private static String triple0(Distribution d) {
        return f0(d.p50()) + " / " + f0(d.p95()) + " / " + f0(d.max());
    }

    private static String pair(Distribution d) {
        return f2(d.p50()) + " / " + f2(d.p95());
    }

    /** The command as one could paste it: arguments with shell metacharacters in double quotes. */
    static String shellJoin(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String arg : command) {
            out.add(arg.matches("[A-Za-z0-9_./:=+,@%-]+") ? arg : "\"" + arg.replace("\"", "\\\"") + "\"");
        }
        return String.join(" ", out);
    }

    /** Text fit for one table cell or line: one line, no pipes, not too long. */
    static String cell(String text) {
        String line = (text == null ? "" : text).replace('|', '/').replaceAll("\\s*\\R\\s*", " / ");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    private static Object rnd(double v) {
        return Distribution.round(v, 2);
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
