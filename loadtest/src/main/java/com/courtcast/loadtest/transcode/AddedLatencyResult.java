package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.edge.PartPosition;
import com.courtcast.loadtest.latency.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part two of the benchmark: how much later each rung's parts are listed at the origin than the
 * source's parts at the same position, over the window, with the server's memory and CPU.
 *
 * @param input the source published live
 * @param windowSeconds the measured window
 * @param rungs per rung, in ladder order
 * @param rssMaxBytes the server JVM's largest RSS sampled in the window
 * @param rssMeanBytes its mean RSS over the samples
 * @param rssSamples how many samples (one a second)
 * @param serverCpuPerSecond the server's CPU seconds per wall second over the window (ingest,
 *     packaging of every rendition, the ladder, the origin answering the probes)
 * @param publisher how the stream was published: {@code a file replayed} or {@code a live encoder}
 * @param publisherCommand the ffmpeg command that published, the stream key masked
 * @param loadBefore the 1-minute load average when the window started
 * @param loadAfter ... and when it ended
 * @param serverProblems warnings and errors of the server's log during the run
 * @param rungsShed rungs the ladder shed from the publish's start to the window's end (its metrics)
 * @param rungsRestored shed rungs it started again in that time
 * @param framesDropped video frames dropped before the ladder because its queue was full
 * @param memory the server's RSS and committed heap over the window, a sample a second
 */
record AddedLatencyResult(TranscodeInput input, int windowSeconds, List<RungLatency> rungs, long rssMaxBytes,
                          long rssMeanBytes, int rssSamples, double serverCpuPerSecond, String publisher,
                          String publisherCommand,
                          double loadBefore, double loadAfter, List<String> serverProblems, long rungsShed,
                          long rungsRestored, long framesDropped, MemoryTrend memory) {

    /** Issue 4: a rung's parts may be listed at most this much later than the source's (p95). */
    static final double GOAL_P95_MILLIS = 150;

    /**
     * @param sourceParts source parts that became available in the window
     * @param matched how many of them the rung listed too (the rest are counted as missing)
     * @param addedMillis rung availability minus source availability for the matched parts
     */
    record RungLatency(String rung, int sourceParts, int matched, Distribution addedMillis) {

        boolean goalMet() {
            return addedMillis.count() > 0 && addedMillis.p95() <= GOAL_P95_MILLIS;
        }
    }

    /**
     * Pairs the parts of the source and of one rung by position (MSN, part index; the renditions
     * share MSNs and cut parts at the same media times) and returns the rung's lag for each source
     * part that became available in {@code [windowStart, windowEnd)} and that the rung has too.
     *
     * @param source availability ({@link System#nanoTime()}) by the part's place, from the source's probe
     * @param rung the same from the rung's probe
     */
    static RungLatency compare(String rungName, Map<PartPosition, Long> source, Map<PartPosition, Long> rung,
                               long windowStart, long windowEnd) {
        int sourceParts = 0;
        List<Double> added = new ArrayList<>();
        for (Map.Entry<PartPosition, Long> entry : source.entrySet()) {
            long at = entry.getValue();
            if (at < windowStart || at >= windowEnd) {
                continue;
            }
            sourceParts++;
            Long rungAt = rung.get(entry.getKey());
            if (rungAt != null) {
                added.add((rungAt - at) / 1e6);
            }
        }
        return new RungLatency(rungName, sourceParts, added.size(), Distribution.of(added));
    }

    boolean goalMet() {
        return !rungs.isEmpty() && rungs.stream().allMatch(RungLatency::goalMet);
    }

    void appendMarkdown(StringBuilder md) {
        md.append("## Added latency of the transcoded renditions\n\n");
        md.append(String.format(Locale.ROOT, "`./courtcast all` with the ladder %s on the stream; ffmpeg publishes a "
                        + "%dx%d %d fps test pattern (x264 zerolatency, 1 s GOP, %d kbit/s) at real time, %s; %d s "
                        + "window; load %.2f at its start, %.2f at its end.%n%n", input.ladderSpec(), input.width(),
                input.height(), input.frameRate(), input.videoKbps(), publisher, windowSeconds, loadBefore,
                loadAfter));
        md.append("| rung | source parts in window | also in the rung | added p50 ms | added p95 ms | max ms | goal p95 <= ")
                .append((int) GOAL_P95_MILLIS).append(" ms |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (RungLatency r : rungs) {
            Distribution d = r.addedMillis();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %s |%n", r.rung(),
                    r.sourceParts(), r.matched(), d.p50(), d.p95(), d.max(), r.goalMet() ? "met" : "**not met**"));
        }
        md.append(String.format(Locale.ROOT, "%nThe ladder shed %d rung(s), restored %d and dropped %d frame(s) from the "
                + "publish's start to the window's end%s.%n", rungsShed, rungsRestored, framesDropped,
                rungsShed > 0 || framesDropped > 0 ? ": it fell behind real time on this machine, and a rung's parts "
                        + "while it was shed are missing above, not late" : ""));
        md.append(String.format(Locale.ROOT, "%nServer JVM RSS over the window: max %.0f MiB, mean %.0f MiB (%d samples); "
                        + "server CPU %.2f s per second (ingest, packaging of every rendition, the ladder, the origin).%n%n",
                rssMaxBytes / 1048576.0, rssMeanBytes / 1048576.0, rssSamples, serverCpuPerSecond));
        memory.appendMarkdown(md);
        md.append("Publisher: `").append(publisherCommand).append("`\n\n");
        if (serverProblems.isEmpty()) {
            md.append("Server log: no warnings or errors.\n\n");
        } else {
            md.append("Server log warnings and errors (first ").append(Math.min(10, serverProblems.size()))
                    .append(" of ").append(serverProblems.size()).append("):\n\n```\n");
            serverProblems.stream().limit(10).forEach(line -> md.append(line).append('\n'));
            md.append("```\n\n");
        }
    }

    void appendHowToRead(StringBuilder md) {
        md.append("- **Added latency**: one probe per rendition asks the origin for its media playlist with ")
                .append("blocking reload, always for the next part, and notes when each part is first listed ")
                .append("(`PartAvailabilityProbe`, as the edge benchmark uses). For each source part that became ")
                .append("available in the window, the rung's part at the same MSN and index is paired with it; ")
                .append("the added latency is the rung's listing time minus the source's. It contains the ladder's ")
                .append("queue, decode, scale and encode, and the rung packager's work; both are dated by the same ")
                .append("clock in the bench JVM. Parts the rung does not have (shed or not yet started) are counted, ")
                .append("not timed. The probes are separate threads on separate connections: on a loaded machine ")
                .append("either may be scheduled late, so a few values can be negative; their spread is the ")
                .append("probes' own precision.\n");
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", input.name());
        out.put("ladder", input.ladderSpec());
        out.put("windowSeconds", windowSeconds);
        List<Object> list = new ArrayList<>();
        for (RungLatency r : rungs) {
            Map<String, Object> rung = new LinkedHashMap<>();
            rung.put("rung", r.rung());
            rung.put("sourceParts", r.sourceParts());
            rung.put("matched", r.matched());
            rung.put("addedMillis", r.addedMillis().json(1));
            rung.put("goalP95Millis", GOAL_P95_MILLIS);
            rung.put("goalMet", r.goalMet());
            list.add(rung);
        }
        out.put("rungs", list);
        out.put("rssMaxBytes", rssMaxBytes);
        out.put("rssMeanBytes", rssMeanBytes);
        out.put("rssSamples", rssSamples);
        out.put("memory", memory.json());
        out.put("serverCpuPerSecond", TranscodeMeasurement.round(serverCpuPerSecond, 3));
        out.put("publisher", publisher);
        out.put("publisherCommand", publisherCommand);
        out.put("loadBefore", loadBefore);
        out.put("loadAfter", loadAfter);
        out.put("rungsShed", rungsShed);
        out.put("rungsRestored", rungsRestored);
        out.put("framesDropped", framesDropped);
        out.put("serverProblems", serverProblems);
        return out;
    }
}
