package com.courtcast.loadtest.edge;

import com.courtcast.loadtest.report.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code ./courtcast bench edge}: cache-hit throughput of CourtCast's edge against nginx's
 * proxy_cache under wrk ({@link ThroughputRun}), then live LL-HLS viewers through the edge of a
 * whole CourtCast ({@link ViewerRun}): origin requests per part and part delivery delay.
 */
public final class EdgeBenchmark {

    private final EdgeBenchOptions options;
    private final String command;

    public EdgeBenchmark(EdgeBenchOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    /** Runs what the options ask for; returns the Markdown results file. */
    public Path run() throws IOException, InterruptedException {
        Path dir = options.workDir().resolve("edge-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        List<ThroughputRow> rows = List.of();
        String nginx = "not run";
        String wrk = "not run";
        if (options.throughput()) {
            ThroughputRun throughput = new ThroughputRun(options);
            rows = throughput.run(dir);
            nginx = throughput.nginxDescription();
            wrk = throughput.wrkCommand();
        }
        List<ViewerRunResult> live = List.of();
        if (!options.viewers().isEmpty()) {
            live = new ViewerRun(options).run(dir);
        }
        EdgeReport report = new EdgeReport(new EdgeReport.Setup(command, MachineInfo.current(), nginx, wrk, options,
                LocalDate.now()));
        return report.write(rows, live);
    }
}
