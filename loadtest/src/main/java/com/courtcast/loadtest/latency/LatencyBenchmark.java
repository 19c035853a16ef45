package com.courtcast.loadtest.latency;

import com.courtcast.loadtest.report.MachineInfo;
import com.courtcast.loadtest.server.NginxHlsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./courtcast bench latency}: glass-to-glass latency of CourtCast's LL-HLS played by hls.js
 * in Chromium, and how soon each part is listed, beside nginx-rtmp's HLS fed by the same publisher
 * in the same run. One run per part target (see {@link LatencyRun}); the report
 * ({@link LatencyReport}) is rewritten after each, so an interrupted benchmark keeps what it measured.
 */
public final class LatencyBenchmark {

    private final LatencyBenchOptions options;
    private final String command;

    public LatencyBenchmark(LatencyBenchOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    /** Runs everything and returns the Markdown results file. */
    public Path run() throws IOException, InterruptedException {
        List<LatencyRunResult> results = new ArrayList<>();
        Path written = null;
        try (PlayerPageServer pages = PlayerPageServer.start()) {
            LatencyRun runner = new LatencyRun(options, pages);
            LatencyReport report = new LatencyReport(new LatencyReport.Setup(command, MachineInfo.current(),
                    "nginx " + NginxHlsServer.version() + " + libnginx-mod-rtmp", options, LocalDate.now(),
                    TeePublisher.command(List.of("rtmp://127.0.0.1:PORT/live/KEY",
                            "rtmp://127.0.0.1:PORT/live/" + LatencyRun.STREAM), runner.publishDuration())));
            for (Duration partTarget : options.partTargets()) {
                LatencyRunResult result;
                try {
                    result = runner.run(partTarget);
                } catch (IOException e) {
                    System.err.println("bench: latency " + LatencyBenchOptions.label(partTarget) + ": run failed: "
                            + e.getMessage());
                    result = LatencyRunResult.failed(partTarget, e.getMessage(), List.of());
                }
                results.add(result);
                written = report.write(results);
            }
        }
        return written;
    }
}
