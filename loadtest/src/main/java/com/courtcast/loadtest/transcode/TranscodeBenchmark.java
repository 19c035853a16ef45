package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.report.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code ./courtcast bench transcode}: CPU per input second and real-time factor of CourtCast's
 * transcoding ladder against the FFmpeg CLI making the same ladder from the same files
 * ({@link CpuRun}), then the latency a transcoded rendition adds over the source rendition in a
 * whole CourtCast fed live ({@link AddedLatencyRun}).
 */
public final class TranscodeBenchmark {

    private final TranscodeBenchOptions options;
    private final String command;

    public TranscodeBenchmark(TranscodeBenchOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    /** Runs what the options ask for; returns the Markdown results file. */
    public Path run() throws IOException, InterruptedException {
        double loadAtStart = LoadAverage.oneMinute();
        Path dir = options.workDir().resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        List<CpuRun.Sample> samples = List.of();
        String ffmpegCommand = "";
        if (!options.inputs().isEmpty()) {
            CpuRun cpu = new CpuRun(options);
            samples = cpu.run(dir);
            ffmpegCommand = cpu.ffmpegCommandExample();
        }
        AddedLatencyResult latency = null;
        if (options.latencySeconds() > 0) {
            System.err.println("bench: added-latency run, " + options.latencyInput().name() + " live, "
                    + options.latencySeconds() + " s window");
            latency = new AddedLatencyRun(options).run(dir);
        }
        TranscodeReport report = new TranscodeReport(new TranscodeReport.Setup(command, MachineInfo.current(), options,
                ffmpegCommand, loadAtStart, LocalDate.now()));
        return report.write(samples, latency);
    }
}
