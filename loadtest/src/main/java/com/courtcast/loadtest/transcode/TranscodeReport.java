package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.report.Json;
import com.courtcast.loadtest.report.MachineInfo;
import com.courtcast.loadtest.report.ResultFiles;
import com.courtcast.transcoder.ladder.LadderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the transcode results as Markdown for people and JSON for tools:
 * {@code transcode-<date>.md}, {@code transcode-<date>.json} and a copy {@code transcode-latest.md}.
 */
final class TranscodeReport {

    /**
     * The facts every report states besides the measurements.
     *
     * @param command the command that reproduces the benchmark
     * @param ffmpegCommand the ffmpeg command line of the first input
     * @param loadAtStart the 1-minute load average when the benchmark started
     */
    record Setup(String command, MachineInfo machine, TranscodeBenchOptions options, String ffmpegCommand,
                 double loadAtStart, LocalDate date) {}

    private final Setup setup;

    TranscodeReport(Setup setup) {
        this.setup = setup;
    }

    Path write(List<CpuRun.Sample> samples, AddedLatencyResult latency) throws IOException {
        return ResultFiles.write(setup.options().resultsDir(), "transcode", setup.date(), markdown(samples, latency),
                Json.write(json(samples, latency)));
    }

    String markdown(List<CpuRun.Sample> samples, AddedLatencyResult latency) {
        TranscodeBenchOptions o = setup.options();
        LadderConfig config = LadderConfig.defaults();
        StringBuilder md = new StringBuilder();
        md.append("# Transcode benchmark, ").append(setup.date()).append("\n\n");
        md.append("- Command: `").append(setup.command()).append("` (from the repository root)\n");
        md.append("- Machine: ").append(setup.machine().describe()).append('\n');
        md.append(String.format(Locale.ROOT, "- Load: the 1-minute load average was %.2f when the benchmark started "
                + "(other work shares these %d cores; each run's load is in its row)%n", setup.loadAtStart(),
                setup.machine().cores()));
        md.append("- Encoder settings (both tools): ").append(config.encoder()).append(" preset ")
                .append(config.preset()).append(", tune zerolatency, no B-frames, no lookahead, IDR exactly at the ")
                .append("source's keyframes, ABR capped by a ").append(config.vbvBuffer().toMillis())
                .append(" ms VBV buffer, ").append(config.encoderThreads()).append(" thread per encoder, ")
                .append(config.decoderThreads()).append(" decoder thread, bilinear scaling\n\n");
        if (!samples.isEmpty()) {
            appendCpu(md, samples, o);
        }
        if (latency != null) {
            latency.appendMarkdown(md);
        } else {
            md.append("## Added latency\n\nNot run (`--latency-seconds 0`).\n\n");
        }
        md.append("## How to read this\n\n")
                .append("- **CPU s / input s**: CPU seconds (user + system, every thread of the process) spent per ")
                .append("second of input video. 1.0 is one core busy all the time to keep up with real time.\n")
                .append("- **CourtCast**: `LadderDriver` in a JVM of its own runs the server's `StreamLadder` (one ")
                .append("decode, one scale and libx264 encode per rung, on the ladder's worker thread) with the ")
                .append("server's default `transcoder.*` settings, on access units the ingest's own FLV demuxer made ")
                .append("from the file, read into memory before the clock starts. It first runs an unmeasured publish of ")
                .append("the input's first ").append(LadderDriver.WARMUP_MILLIS / 1000).append(" s, so the JIT has ")
                .append("compiled the ladder's Java side as in a server that has been up a while; then the whole input ")
                .append("as a new publish (decoder and encoders opened anew, as ffmpeg does). CPU is the JVM's process ")
                .append("CPU time from that publish's first unit to its last rung's end (GC and JIT threads included); ")
                .append("**process CPU s** is the JVM's whole life: start-up, demuxing, warm-up publish and all. ")
                .append("The driver feeds as fast as the ladder ")
                .append("encodes, keeping at most ").append(LadderDriver.IN_FLIGHT).append(" frames in flight so the ")
                .append("ladder never sheds a rung (a run that shed or dropped anything is refused).\n")
                .append("- **ffmpeg**: bytedeco's `ffmpeg` program from the same FFmpeg natives CourtCast loads ")
                .append("(same libavcodec, libswscale and libx264 build), one decode, `split` + `scale` in one filter ")
                .append("graph, one libx264 output per rung to the null muxer, video only; its CPU and run time are ")
                .append("its own `-benchmark` figures (getrusage of the whole process).\n")
                .append("- **RTF** (real-time factor) = input seconds / wall seconds of the run, as fast as it goes. ")
                .append("CourtCast's ladder does a stream's decode and every rung on one thread (streams run in ")
                .append("parallel, rungs of one stream do not); FFmpeg 8's CLI runs decoder, filter graph and each ")
                .append("encoder in threads of their own, so its RTF can use both cores at the same CPU cost. On a ")
                .append("shared machine RTF moves with the load; CPU per input second much less.\n")
                .append("- **ratio** = CourtCast's median CPU per input second / ffmpeg's; the goal is <= ")
                .append(CpuComparison.GOAL_RATIO).append(".\n");
        if (latency != null) {
            latency.appendHowToRead(md);
        }
        return md.toString();
    }

    private void appendCpu(StringBuilder md, List<CpuRun.Sample> samples, TranscodeBenchOptions o) {
        List<TranscodeMeasurement> all = samples.stream().map(CpuRun.Sample::measurement).toList();
        md.append("## CPU per input and real-time factor\n\n");
        md.append("Inputs: ").append(o.seconds()).append(" s files (testsrc2 + 440 Hz sine, x264 veryfast, ")
                .append("AAC 96k, FLV) in `loadtest/work/transcode/`; ").append(o.repeats())
                .append(" run(s) of each tool per input, alternating which goes first.\n\n");
        md.append("| input | ladder | CourtCast CPU s / input s | ffmpeg CPU s / input s | ratio | goal <= ")
                .append(CpuComparison.GOAL_RATIO).append(" | CourtCast RTF | ffmpeg RTF |\n");
        md.append("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |\n");
        for (TranscodeInput input : o.inputs()) {
            CpuComparison c = CpuComparison.of(input.name(), all);
            md.append(String.format(Locale.ROOT, "| %s %d kbit/s | %s | %.3f | %.3f | %.3f | %s | %.2f | %.2f |%n",
                    input.name(), input.videoKbps(), input.ladderSpec(), c.courtcastCpu(), c.ffmpegCpu(), c.ratio(),
                    c.goalMet() ? "met" : "**not met**", c.courtcastRtf(), c.ffmpegRtf()));
        }
        md.append("\nMedians over the runs. Every run:\n\n");
        md.append("| input | tool | run | input s | CPU s | wall s | CPU s / input s | RTF | process CPU s | pictures ")
                .append("| IDR (source keyframes x rungs) | kbit/s per rung | load before / after |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
        for (CpuRun.Sample s : samples) {
            TranscodeMeasurement m = s.measurement();
            StringBuilder rates = new StringBuilder();
            m.rungs().forEach(r -> rates.append(rates.isEmpty() ? "" : ", ").append(r.name()).append(' ')
                    .append(Math.round(r.kbps(m.inputSeconds()))));
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.3f | %.2f | %.2f | %d | %d (%d) "
                            + "| %s | %.2f / %.2f |%n",
                    m.input(), m.tool(), m.repeat(), m.inputSeconds(), m.cpuSeconds(), m.wallSeconds(),
                    m.cpuPerInputSecond(), m.realTimeFactor(), m.processCpuSeconds(), m.pictures(), m.keyframes(),
                    m.sourceKeyframes() * m.rungs().size(), rates, s.loadBefore(), s.loadAfter()));
        }
        md.append("\nffmpeg command (first input; the binary is bytedeco's, see below):\n\n```\n")
                .append(setup.ffmpegCommand()).append("\n```\n\n");
    }

    Map<String, Object> json(List<CpuRun.Sample> samples, AddedLatencyResult latency) {
        TranscodeBenchOptions o = setup.options();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "transcode");
        out.put("date", setup.date().toString());
        out.put("command", setup.command());
        out.put("machine", setup.machine().describe());
        out.put("loadAtStart", setup.loadAtStart());
        out.put("inputSeconds", o.seconds());
        out.put("repeats", o.repeats());
        out.put("ffmpegCommand", setup.ffmpegCommand());
        List<TranscodeMeasurement> all = samples.stream().map(CpuRun.Sample::measurement).toList();
        List<Object> comparisons = new ArrayList<>();
        for (TranscodeInput input : samples.isEmpty() ? List.<TranscodeInput>of() : o.inputs()) {
            CpuComparison c = CpuComparison.of(input.name(), all);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input", input.name());
            row.put("ladder", input.ladderSpec());
            row.put("courtcastCpuPerInputSecond", TranscodeMeasurement.round(c.courtcastCpu(), 4));
            row.put("ffmpegCpuPerInputSecond", TranscodeMeasurement.round(c.ffmpegCpu(), 4));
            row.put("ratio", TranscodeMeasurement.round(c.ratio(), 4));
            row.put("goalRatio", c.goalRatio());
            row.put("goalMet", c.goalMet());
            row.put("courtcastRealTimeFactor", TranscodeMeasurement.round(c.courtcastRtf(), 3));
            row.put("ffmpegRealTimeFactor", TranscodeMeasurement.round(c.ffmpegRtf(), 3));
            comparisons.add(row);
        }
        out.put("cpu", comparisons);
        List<Object> runs = new ArrayList<>();
        for (CpuRun.Sample s : samples) {
            Map<String, Object> run = s.measurement().json();
            run.put("loadBefore", s.loadBefore());
            run.put("loadAfter", s.loadAfter());
            runs.add(run);
        }
        out.put("runs", runs);
        out.put("addedLatency", latency == null ? null : latency.json());
        return out;
    }
}
