package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.server.ServerJvm;
import com.courtcast.transcoder.ladder.LadderConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Part one of the benchmark: the same ladder from the same file by CourtCast's transcoder
 * ({@link LadderDriver} in a JVM of its own) and by the FFmpeg CLI ({@link FfmpegLadder}), both as
 * fast as they go, one after the other, for each input and repetition. Both use the libx264 and
 * libswscale of the FFmpeg natives CourtCast ships (bytedeco's build, whose {@code ffmpeg}
 * program this runs), so the encoder is the same build at the same settings.
 */
final class CpuRun {

    private final TranscodeBenchOptions options;
    private final List<String> ffmpegVersion = new ArrayList<>();
    private String ffmpeg;

    CpuRun(TranscodeBenchOptions options) {
        this.options = options;
    }

    /** The measurements, in the order they were made, with the machine's load around each. */
    List<Sample> run(Path dir) throws IOException, InterruptedException {
        ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<Sample> samples = new ArrayList<>();
        for (TranscodeInput input : options.inputs()) {
            Path file = input.ensure(options.workDir(), options.seconds());
            double seconds;
            long keyframes;
            int width;
            int height;
            try (DemuxedInput demuxed = DemuxedInput.read(file)) {
                seconds = demuxed.videoSeconds();
                keyframes = demuxed.videoKeyframes();
                width = demuxed.video().width();
                height = demuxed.video().height();
            }
            List<String> ffmpegCommand = FfmpegLadder.command(ffmpeg, file, width, height, input.ladder(),
                    LadderConfig.defaults());
            for (int repeat = 1; repeat <= options.repeats(); repeat++) {
                boolean courtcastFirst = repeat % 2 == 1;
                for (int turn = 0; turn < 2; turn++) {
                    boolean courtcast = (turn == 0) == courtcastFirst;
                    double loadBefore = LoadAverage.oneMinute();
                    System.err.printf("bench: %s %s, run %d of %d (load %.2f)%n", courtcast ? "courtcast" : "ffmpeg",
                            input.name(), repeat, options.repeats(), loadBefore);
                    Path log = dir.resolve((courtcast ? "courtcast-" : "ffmpeg-") + input.name() + "-" + repeat + ".log");
                    TranscodeMeasurement m = courtcast
                            ? driver(file, input, repeat, dir, log)
                            : FfmpegLadder.run(ffmpegCommand, input, repeat, seconds, keyframes, log);
                    if (m.shedOrDropped() > 0) {
                        throw new IOException("CourtCast's ladder shed rungs or dropped frames (" + m.shedOrDropped()
                                + ") on " + input.name() + ": the run does not measure the whole ladder; see " + log);
                    }
                    samples.add(new Sample(m, loadBefore, LoadAverage.oneMinute()));
                }
            }
            if (ffmpegVersion.isEmpty()) {
                ffmpegVersion.add(String.join(" ", ffmpegCommand).replace(ffmpeg, "ffmpeg"));
            }
        }
        return samples;
    }

    /** A measurement and the 1-minute load average before and after it. */
    record Sample(TranscodeMeasurement measurement, double loadBefore, double loadAfter) {}

    /** The ffmpeg command of the first input, with the binary's path shortened to {@code ffmpeg}. */
    String ffmpegCommandExample() {
        return ffmpegVersion.isEmpty() ? "" : ffmpegVersion.getFirst();
    }

    /** Where the FFmpeg binary came from. */
    String ffmpegBinary() {
        return ffmpeg;
    }

    private TranscodeMeasurement driver(Path file, TranscodeInput input, int repeat, Path dir, Path log)
            throws IOException, InterruptedException {
        Path result = dir.resolve("courtcast-" + input.name() + "-" + repeat + ".properties");
        Files.deleteIfExists(result);
        List<String> command = new ArrayList<>(ServerJvm.javaCommand(LadderDriver.class.getName(),
                options.serverJvmOptions()));
        command.addAll(List.of(file.toString(), input.name(), input.ladderSpec(), String.valueOf(repeat),
                result.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        long timeoutSeconds = 120L + 20L * options.seconds();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the ladder driver did not finish " + input.name() + " within " + timeoutSeconds
                    + " s; see " + log);
        }
        if (process.exitValue() != 0 || !Files.exists(result)) {
            throw new IOException("the ladder driver exited with status " + process.exitValue() + " on "
                    + input.name() + "; its log " + log + " ends with:\n" + tail(log));
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(result)) {
            properties.load(in);
        }
        return TranscodeMeasurement.fromProperties(properties);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
