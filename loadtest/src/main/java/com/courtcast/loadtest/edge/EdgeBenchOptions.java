package com.courtcast.loadtest.edge;

import com.courtcast.loadtest.BenchFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags of {@code ./courtcast bench edge}, with their defaults.
 *
 * @param wrkSeconds length of each wrk run
 * @param connections wrk's keep-alive connections
 * @param wrkThreads wrk's threads
 * @param viewers simulated LL-HLS viewers of each live run, in order (empty: no live run)
 * @param nginxLive whether the live runs also go through nginx's proxy_cache, besides CourtCast's edge
 * @param viewerWindowSeconds the live run's measured window
 * @param warmupSeconds from the last viewer joining to the window
 * @param cacheBytes the cache size of both the edge and nginx
 * @param nginxWorkers nginx's worker processes
 * @param throughput whether to run the wrk workloads
 * @param serverJvmOptions extra options for CourtCast's JVMs
 * @param repoRoot the repository (results and work directories are under its loadtest/)
 */
public record EdgeBenchOptions(int wrkSeconds, int connections, int wrkThreads, List<Integer> viewers,
                               boolean nginxLive, int viewerWindowSeconds, int warmupSeconds, long cacheBytes,
                               int nginxWorkers, boolean throughput, List<String> serverJvmOptions, Path repoRoot) {

    public static final String USAGE = """
            Usage: ./courtcast bench edge [flags]
              --seconds S               length of each wrk run (default 15)
              --connections N           wrk keep-alive connections (default 200)
              --threads N               wrk threads (default 2)
              --viewers N[,N...]        simulated LL-HLS viewers of the live runs, one run per count
                                        (default 2000; 0 skips the live runs)
              --no-nginx-live           live runs through CourtCast's edge only, not also through nginx
              --viewer-seconds S        the live run's measured window (default 30)
              --warmup S                from the last viewer joining to the window (default 10)
              --cache-mb M              cache size of the edge and of nginx (default 256)
              --nginx-workers N         nginx worker_processes (default 2)
              --no-throughput           skip the wrk runs
              --server-jvm-opts "..."   extra JVM options for CourtCast's server JVMs
            """;

    /** Parses the flags after {@code edge}. */
    public static EdgeBenchOptions parse(List<String> args, Path repoRoot) {
        int seconds = 15;
        int connections = 200;
        int threads = 2;
        List<Integer> viewers = List.of(2000);
        boolean nginxLive = true;
        int window = 30;
        int warmup = 10;
        long cacheMb = 256;
        int workers = 2;
        boolean throughput = true;
        List<String> jvmOptions = List.of();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--no-throughput")) {
                throughput = false;
                continue;
            }
            if (flag.equals("--no-nginx-live")) {
                nginxLive = false;
                continue;
            }
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            switch (flag) {
                case "--seconds" -> seconds = BenchFlags.wholeNumber(flag, value, 1, 600);
                case "--connections" -> connections = BenchFlags.wholeNumber(flag, value, 1, 20_000);
                case "--threads" -> threads = BenchFlags.wholeNumber(flag, value, 1, 64);
                case "--viewers" -> viewers = viewerCounts(value);
                case "--viewer-seconds" -> window = BenchFlags.wholeNumber(flag, value, 5, 3600);
                case "--warmup" -> warmup = BenchFlags.wholeNumber(flag, value, 0, 600);
                case "--cache-mb" -> cacheMb = BenchFlags.wholeNumber(flag, value, 16, 65_536);
                case "--nginx-workers" -> workers = BenchFlags.wholeNumber(flag, value, 1, 64);
                case "--server-jvm-opts" -> jvmOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        if (threads > connections) {
            throw new IllegalArgumentException("--threads (" + threads + ") must not exceed --connections (" + connections + ")");
        }
        return new EdgeBenchOptions(seconds, connections, threads, viewers, nginxLive, window, warmup,
                cacheMb * 1024 * 1024, workers, throughput, jvmOptions, repoRoot);
    }

    /** {@code 500,1000,2000}; {@code 0} alone for none. */
    static List<Integer> viewerCounts(String value) {
        List<Integer> counts = new ArrayList<>();
        for (String item : value.split(",")) {
            int count = BenchFlags.wholeNumber("--viewers", item.trim(), 0, 20_000);
            if (count > 0 && !counts.contains(count)) {
                counts.add(count);
            }
        }
        return List.copyOf(counts);
    }

    public EdgeBenchOptions {
        viewers = List.copyOf(viewers);
        serverJvmOptions = List.copyOf(serverJvmOptions);
    }

    public Path workDir() {
        return repoRoot.resolve("loadtest").resolve("work");
    }

    public Path resultsDir() {
        return repoRoot.resolve("loadtest").resolve("results");
    }
}
