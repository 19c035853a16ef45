package com.courtcast.loadtest.transcode;

import com.courtcast.transcoder.ladder.LadderConfig;
import com.courtcast.transcoder.ladder.Rung;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same ladder made by the FFmpeg CLI, the yardstick: one decode, {@code split} and
 * {@code scale} (bilinear, as CourtCast's scaler) in one filter graph, one libx264 output per rung
 * to the null muxer, with the encoder settings CourtCast's rungs use (its {@code RungEncoder}: the
 * preset, {@code tune=zerolatency}, no B-frames, no lookahead, no keyframes of x264's own, an IDR
 * where the source has a keyframe, ABR capped by a VBV buffer of {@link LadderConfig#vbvBuffer()})
 * and the same thread counts (decoder, filter graph and each encoder one thread). Audio is left
 * out: CourtCast passes it through untouched, which costs next to nothing.
 *
 * <p>{@code -benchmark} makes ffmpeg print its own user and system CPU time and its run time
 * (getrusage of the whole process) when it ends; {@link #parse} reads them and each output's size.
 */
final class FfmpegLadder {

    private static final Pattern BENCH = Pattern.compile(
            "bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");
    /** {@code [out#1/null @ 0x...] video:751KiB audio:0KiB ...} (FFmpeg 5.1 says kB, 8 says KiB). */
    private static final Pattern OUTPUT_SIZE = Pattern.compile("\\[out#(\\d+)/null @ [^]]*] video:(\\d+)(KiB|kB)");
    /** x264's summary per encoder: {@code [libx264 @ 0x...] frame I:3 ...} and {@code frame P:147 ...}. */
    private static final Pattern X264_FRAMES = Pattern.compile("\\[libx264 @ ([^]]+)] frame ([IPB]):(\\d+)");

    private FfmpegLadder() {
    }

    /** What ffmpeg reported about a run. */
    record Report(double userSeconds, double systemSeconds, double realSeconds, List<Long> outputBytes,
                  long pictures, long keyframes, long encoders) {}

    /**
     * The command line: {@code ffmpeg} is the binary, {@code sourceWidth}x{@code sourceHeight} the
     * input's picture size (each rung's width follows its aspect ratio as CourtCast's does).
     */
    static List<String> command(String ffmpeg, Path input, int sourceWidth, int sourceHeight, List<Rung> ladder,
                                LadderConfig config) {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats",
                "-benchmark", "-threads", String.valueOf(config.decoderThreads()), "-i", input.toString(),
                "-filter_complex_threads", "1", "-filter_complex", filterGraph(sourceWidth, sourceHeight, ladder)));
        for (int i = 0; i < ladder.size(); i++) {
            Rung rung = ladder.get(i);
            String kbps = rung.bitsPerSecond() / 1000 + "k";
            String buffer = rung.bitsPerSecond() * config.vbvBuffer().toMillis() / 1000 / 1000 + "k";
            command.addAll(List.of("-map", "[v" + i + "]",
                    "-c:v", config.encoder(), "-preset", config.preset(), "-tune", "zerolatency",
                    "-forced-idr", "1", "-x264-params", "keyint=infinite:scenecut=0:rc-lookahead=0:bframes=0",
                    "-b:v", kbps, "-maxrate", kbps, "-bufsize", buffer,
                    "-threads", String.valueOf(config.encoderThreads()), "-force_key_frames", "source",
                    "-f", "null", "-"));
        }
        return command;
    }

    /** {@code [0:v]split=2[s0][s1];[s0]scale=854:480:flags=bilinear[v0];[s1]scale=...[v1]}. */
    static String filterGraph(int sourceWidth, int sourceHeight, List<Rung> ladder) {
        StringBuilder graph = new StringBuilder("[0:v]split=").append(ladder.size());
        for (int i = 0; i < ladder.size(); i++) {
            graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < ladder.size(); i++) {
            Rung rung = ladder.get(i);
            graph.append(";[s").append(i).append("]scale=").append(rung.widthFor(sourceWidth, sourceHeight))
                    .append(':').append(rung.height()).append(":flags=bilinear[v").append(i).append(']');
        }
        return graph.toString();
    }

    /** Reads ffmpeg's stderr of a {@link #command} run; fails naming what is missing. */
    static Report parse(String stderr, int outputs) {
        Matcher bench = BENCH.matcher(stderr);
        if (!bench.find()) {
            throw new IllegalArgumentException("ffmpeg printed no 'bench: utime=... stime=... rtime=...' line");
        }
        Long[] bytes = new Long[outputs];
        Matcher size = OUTPUT_SIZE.matcher(stderr);
        while (size.find()) {
            int index = Integer.parseInt(size.group(1));
            if (index < outputs) {
                long amount = Long.parseLong(size.group(2));
                bytes[index] = amount * (size.group(3).equals("KiB") ? 1024 : 1000);
            }
        }
        for (int i = 0; i < outputs; i++) {
            if (bytes[i] == null) {
                throw new IllegalArgumentException("ffmpeg printed no size for output #" + i);
            }
        }
        long pictures = 0;
        long keyframes = 0;
        java.util.Set<String> encoders = new java.util.HashSet<>();
        Matcher frames = X264_FRAMES.matcher(stderr);
        while (frames.find()) {
            encoders.add(frames.group(1));
            long count = Long.parseLong(frames.group(3));
            pictures += count;
            if (frames.group(2).equals("I")) {
                keyframes += count;
            }
        }
        return new Report(Double.parseDouble(bench.group(1)), Double.parseDouble(bench.group(2)),
                Double.parseDouble(bench.group(3)), List.of(bytes), pictures, keyframes, encoders.size());
    }

    /**
     * Runs the command, its stderr kept in {@code log}; returns what it reported as a measurement.
     */
    static TranscodeMeasurement run(List<String> command, TranscodeInput input, int repeat, double inputSeconds,
                                    long sourceKeyframes, Path log) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        int status = ffmpeg.waitFor();
        String stderr = Files.readString(log);
        if (status != 0) {
            throw new IOException("ffmpeg exited with status " + status + "; its output " + log + " ends with:\n"
                    + stderr.substring(Math.max(0, stderr.length() - 2000)));
        }
        Report report;
        try {
            report = parse(stderr, input.ladder().size());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() + " (see " + log + ")");
        }
        List<RungOutput> rungs = new ArrayList<>();
        for (int i = 0; i < input.ladder().size(); i++) {
            // Per-rung picture counts are not in ffmpeg's output; the totals are in the x264 summaries.
            rungs.add(new RungOutput(input.ladder().get(i).name(), -1, -1, report.outputBytes().get(i)));
        }
        double cpu = report.userSeconds() + report.systemSeconds();
        return new TranscodeMeasurement("ffmpeg", input.name(), repeat, inputSeconds, cpu, report.realSeconds(), cpu,
                sourceKeyframes, rungs, report.pictures(), report.keyframes(), 0);
    }
}
