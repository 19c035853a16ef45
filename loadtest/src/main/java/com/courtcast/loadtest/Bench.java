package com.courtcast.loadtest;

import com.courtcast.loadtest.edge.EdgeBenchOptions;
import com.courtcast.loadtest.edge.EdgeBenchmark;
import com.courtcast.loadtest.ingest.IngestBenchOptions;
import com.courtcast.loadtest.ingest.IngestBenchmark;
import com.courtcast.loadtest.latency.LatencyBenchOptions;
import com.courtcast.loadtest.latency.LatencyBenchmark;
import com.courtcast.loadtest.transcode.TranscodeBenchOptions;
import com.courtcast.loadtest.transcode.TranscodeBenchmark;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of {@code ./courtcast bench}: {@code ingest [flags]} runs the RTMP ingest
 * benchmark, {@code latency [flags]} the glass-to-glass latency benchmark, {@code edge [flags]}
 * the edge cache benchmark, {@code transcode [flags]} the transcoding ladder benchmark. Results go
 * to {@code loadtest/results/} of the repository this class was built in.
 */
public final class Bench {

    private static final String USAGE = """
            Usage: ./courtcast bench <benchmark> [flags]
              ingest    CPU per publisher and publishers held, CourtCast vs nginx-rtmp
              latency   glass-to-glass latency in hls.js and part listing lag, CourtCast vs nginx-rtmp
              edge      cache hits under wrk, CourtCast's edge vs nginx proxy_cache; live viewers through the edge
              transcode CPU per input of the transcoding ladder vs the FFmpeg CLI; latency a rung adds
            """ + "\n" + IngestBenchOptions.USAGE + "\n" + LatencyBenchOptions.USAGE + "\n" + EdgeBenchOptions.USAGE
            + "\n" + TranscodeBenchOptions.USAGE;

    private Bench() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        String benchmark = args[0];
        if (!List.of("ingest", "latency", "edge", "transcode").contains(benchmark)) {
            System.err.print("bench: unknown benchmark '" + benchmark + "'\n" + USAGE);
            System.exit(64);
        }
        List<String> flags = Arrays.asList(args).subList(1, args.length);
        if (flags.contains("--help")) {
            System.out.print(switch (benchmark) {
                case "ingest" -> IngestBenchOptions.USAGE;
                case "latency" -> LatencyBenchOptions.USAGE;
                case "transcode" -> TranscodeBenchOptions.USAGE;
                default -> EdgeBenchOptions.USAGE;
            });
            return;
        }
        String command = "./courtcast bench " + String.join(" ", args);
        try {
            Path results = switch (benchmark) {
                case "ingest" -> new IngestBenchmark(IngestBenchOptions.parse(flags, repoRoot()), command).run();
                case "latency" -> new LatencyBenchmark(LatencyBenchOptions.parse(flags, repoRoot()), command).run();
                case "transcode" -> new TranscodeBenchmark(TranscodeBenchOptions.parse(flags, repoRoot()), command).run();
                default -> new EdgeBenchmark(EdgeBenchOptions.parse(flags, repoRoot()), command).run();
            };
            System.err.println("bench: results in " + results + " (and "
                    + results.resolveSibling(benchmark + "-latest.md") + ")");
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(64);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** The repository: two levels above loadtest/target/ where this class was loaded from. */
    static Path repoRoot() {
        try {
            Path location = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location; dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve("loadtest").resolve("pom.xml")) && Files.exists(dir.resolve("pom.xml"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException ignored) {
            // fall back to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
