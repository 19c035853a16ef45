package com.courtcast.loadtest.ingest;

import com.courtcast.common.media.TrackType;
import com.courtcast.loadtest.flv.FlvFile;
import com.courtcast.loadtest.report.MachineInfo;
import com.courtcast.loadtest.server.CourtcastIngestServer;
import com.courtcast.loadtest.server.NginxRtmpServer;
import com.courtcast.loadtest.server.ServerUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./courtcast bench ingest}: how much CPU CourtCast's RTMP ingest spends per publisher
 * compared with nginx-rtmp, and how many 2.5 Mbit/s publishers each holds without drops.
 *
 * <p>For each publisher count, each server gets a run of its own (the servers alternate, so slow
 * drifts of the machine affect both alike); see {@link IngestRun} for what a run does and
 * {@link IngestReport} for what is written.
 */
public final class IngestBenchmark {

    private final IngestBenchOptions options;
    private final String command;

    public IngestBenchmark(IngestBenchOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    /** Runs everything and returns the Markdown results file. */
    public Path run() throws IOException, InterruptedException {
        Path flv = TestStream.ensure(options.workDir(), options.bitrateKbps());
        FlvFile file = FlvFile.read(flv);
        IngestRun runner = new IngestRun(options, file);
        Map<String, String> descriptions = new LinkedHashMap<>();
        List<IngestRunResult> results = new ArrayList<>();
        IngestReport report = null;
        Path written = null;
        for (int n : options.publishers()) {
            for (String server : options.servers()) {
                IngestRunResult result;
                try {
                    result = runner.run(server, keys -> {
                        ServerUnderTest started = start(server, keys);
                        descriptions.putIfAbsent(server, started.description());
                        return started;
                    }, n);
                } catch (IOException e) {
                    System.err.println("bench: " + server + " N=" + n + ": run failed: " + e.getMessage());
                    result = failedRun(server, n, e.getMessage());
                }
                results.add(result);
                if (report == null) {
                    report = new IngestReport(new IngestReport.Setup(command, describe(flv, file),
                            MachineInfo.current(), descriptions, options, LocalDate.now()));
                }
                written = report.write(results);
            }
        }
        return written;
    }

    private ServerUnderTest start(String server, Map<String, String> keys) throws IOException, InterruptedException {
        return switch (server) {
            case "courtcast" -> CourtcastIngestServer.start(options.workDir(), keys,
                    options.serverJvmOptions());
            case "nginx" -> NginxRtmpServer.start(options.workDir(), options.nginxWorkers());
            default -> throw new IllegalArgumentException("unknown server " + server);
        };
    }

    private static IngestRunResult failedRun(String server, int n, String message) {
        return new IngestRunResult(server, n, 0, n, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN, 0, 0, 0, 0, 0,
                -1, -1, 0, 0, 0, 0, List.of(), Map.of(), List.of("run failed: " + message), List.of());
    }

    private String describe(Path flv, FlvFile file) {
        Map<?, ?> meta = file.metadataProperties();
        long videoFrames = file.frames().stream().filter(t -> t.track() == TrackType.VIDEO).count();
        double fps = videoFrames * 1000.0 / file.loopDurationMillis();
        return String.format(Locale.ROOT,
                "%s (%s x %s, %.0f fps H.264 + AAC; %.2f Mbit/s of media measured; GOP %.1f s; %.0f s, looped "
                        + "with timestamps continuing); made with `%s`",
                options.repoRoot().relativize(flv.toAbsolutePath()), number(meta.get("width")),
                number(meta.get("height")), fps, file.bitsPerSecond() / 1e6, file.keyframeIntervalMillis() / 1000.0,
                file.loopDurationMillis() / 1000.0,
                String.join(" ", TestStream.ffmpegCommand(options.bitrateKbps(),
                        options.repoRoot().relativize(flv.toAbsolutePath()))));
    }

    private static String number(Object value) {
        return value instanceof Number n ? String.valueOf(n.longValue()) : "?";
    }
}
