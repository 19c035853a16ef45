package com.courtcast.loadtest.ingest;

import com.courtcast.loadtest.server.CourtcastIngestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The flags of {@code ./courtcast bench ingest}, with their defaults.
 *
 * @param publishers the publisher counts to run, each a separate run per server
 * @param windowSeconds length of the measured steady-state window
 * @param warmupSeconds time between all publishers publishing and the window's start
 * @param bitrateKbps the test stream's total bitrate (video gets this minus 100k, see {@link TestStream})
 * @param servers which servers to measure, in order: {@code courtcast}, {@code nginx}
 * @param clientThreads event loops of the load generator
 * @param maxLagMillis how far a publisher may fall behind a congested connection before dropping
 * @param serverJvmOptions extra options for CourtCast's JVM
 * @param nginxWorkers nginx {@code worker_processes}
 * @param repoRoot the repository (results and work directories are under its loadtest/)
 */
public record IngestBenchOptions(List<Integer> publishers, int windowSeconds, int warmupSeconds, int bitrateKbps,
                                 List<String> servers, int clientThreads, long maxLagMillis,
                                 List<String> serverJvmOptions,
                                 int nginxWorkers, Path repoRoot) {

    public static final List<Integer> DEFAULT_PUBLISHERS = List.of(50, 100, 150, 200, 250, 300);
    public static final int DEFAULT_WINDOW_SECONDS = 40;
    public static final int DEFAULT_WARMUP_SECONDS = 10;
    public static final int DEFAULT_BITRATE_KBPS = 2500;
    public static final List<String> DEFAULT_SERVERS = List.of("courtcast", "nginx");
    public static final long DEFAULT_MAX_LAG_MILLIS = 500;

    public static final String USAGE = """
            Usage: ./courtcast bench ingest [flags]
              --publishers 50,100,...   publisher counts to run (default 50,100,150,200,250,300)
              --seconds S               measured window per run, after warm-up (default 40)
              --warmup S                warm-up before the window (default 10)
              --bitrate 2500k           test stream bitrate, audio included (default 2500k)
              --servers courtcast,nginx servers to measure (default both)
              --client-threads T        load generator event loops (default: cores)
              --server-jvm-opts "..."   extra JVM options for CourtCast's server JVM
              --nginx-workers W         nginx worker_processes (default: cores)
            """;

    /** Parses the flags after {@code ingest}. */
    public static IngestBenchOptions parse(List<String> args, Path repoRoot) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> publishers = DEFAULT_PUBLISHERS;
        int window = DEFAULT_WINDOW_SECONDS;
        int warmup = DEFAULT_WARMUP_SECONDS;
        int bitrate = DEFAULT_BITRATE_KBPS;
        List<String> servers = DEFAULT_SERVERS;
        int clientThreads = cores;
        List<String> jvmOptions = List.of();
        int nginxWorkers = cores;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            switch (flag) {
                case "--publishers" -> publishers = Arrays.stream(value.split(","))
                        .map(v -> positive(flag, v.trim())).toList();
                case "--seconds" -> window = positive(flag, value);
                case "--warmup" -> warmup = nonNegative(flag, value);
                case "--bitrate" -> bitrate = kbps(value);
                case "--servers" -> servers = servers(value);
                case "--client-threads" -> clientThreads = positive(flag, value);
                case "--server-jvm-opts" -> jvmOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                case "--nginx-workers" -> nginxWorkers = positive(flag, value);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        return new IngestBenchOptions(publishers, window, warmup, bitrate, servers, clientThreads,
                DEFAULT_MAX_LAG_MILLIS, jvmOptions, nginxWorkers, repoRoot);
    }

    /** Parses {@code 2500k}, {@code 2.5M} or {@code 2500} (kbit/s). */
    static int kbps(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            double number;
            if (v.endsWith("m")) {
                number = Double.parseDouble(v.substring(0, v.length() - 1)) * 1000;
            } else if (v.endsWith("k")) {
                number = Double.parseDouble(v.substring(0, v.length() - 1));
            } else {
                number = Double.parseDouble(v);
            }
            if (number < 200 || number > 50_000) {
                throw new IllegalArgumentException("--bitrate must be 200k..50M, was '" + value + "'");
            }
            return (int) Math.round(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--bitrate must look like 2500k or 2.5M, was '" + value + "'");
        }
    }

    private static List<String> servers(String value) {
        List<String> servers = new ArrayList<>();
        for (String server : value.split(",")) {
            String s = server.trim();
            if (!s.equals("courtcast") && !s.equals("nginx")) {
                throw new IllegalArgumentException("--servers takes courtcast and/or nginx, was '" + s + "'");
            }
            servers.add(s);
        }
        return List.copyOf(servers);
    }

    private static int positive(String flag, String value) {
        int n = integer(flag, value);
        if (n <= 0) {
            throw new IllegalArgumentException(flag + " must be > 0, was " + n);
        }
        return n;
    }

    private static int nonNegative(String flag, String value) {
        int n = integer(flag, value);
        if (n < 0) {
            throw new IllegalArgumentException(flag + " must be >= 0, was " + n);
        }
        return n;
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, was '" + value + "'");
        }
    }

    public Path workDir() {
        return repoRoot.resolve("loadtest").resolve("work");
    }

    public Path resultsDir() {
        return repoRoot.resolve("loadtest").resolve("results");
    }
}
