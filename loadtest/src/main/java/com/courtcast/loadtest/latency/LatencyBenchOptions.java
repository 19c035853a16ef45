package com.courtcast.loadtest.latency;

import com.courtcast.loadtest.BenchFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flags of {@code ./courtcast bench latency}, with their defaults.
 *
 * @param partTargets CourtCast's {@code packager.partTarget} for each run, in order
 * @param windowSeconds the measured window, after the warm-up
 * @param warmupSeconds from both players playing to the window's start
 * @param serverJvmOptions extra options for CourtCast's JVM
 * @param repoRoot the repository (results and work directories are under its loadtest/)
 */
public record LatencyBenchOptions(List<Duration> partTargets, int windowSeconds, int warmupSeconds,
                                  List<String> serverJvmOptions, Path repoRoot) {

    public static final List<Duration> DEFAULT_PART_TARGETS = List.of(Duration.ofMillis(200), Duration.ofMillis(333));
    public static final int DEFAULT_WINDOW_SECONDS = 60;
    public static final int DEFAULT_WARMUP_SECONDS = 10;
    /** CourtCast's own bounds for {@code packager.partTarget}. */
    static final Duration MIN_PART_TARGET = Duration.ofMillis(200);
    static final Duration MAX_PART_TARGET = Duration.ofSeconds(1);

    public static final String USAGE = """
            Usage: ./courtcast bench latency [flags]
              --part-targets 0.2,0.333  CourtCast packager.partTarget per run, seconds or with a unit
                                        (200ms, 0.333s); default 0.2,0.333
              --seconds S               measured window per run, after warm-up (default 60)
              --warmup S                from both players playing to the window (default 10)
              --server-jvm-opts "..."   extra JVM options for CourtCast's server JVM
            """;

    /** Parses the flags after {@code latency}. */
    public static LatencyBenchOptions parse(List<String> args, Path repoRoot) {
        List<Duration> partTargets = DEFAULT_PART_TARGETS;
        int window = DEFAULT_WINDOW_SECONDS;
        int warmup = DEFAULT_WARMUP_SECONDS;
        List<String> jvmOptions = List.of();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            switch (flag) {
                case "--part-targets" -> partTargets = partTargets(value);
                case "--seconds" -> window = BenchFlags.wholeNumber(flag, value, 1, 3600);
                case "--warmup" -> warmup = BenchFlags.wholeNumber(flag, value, 0, 600);
                case "--server-jvm-opts" -> jvmOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        return new LatencyBenchOptions(partTargets, window, warmup, jvmOptions, repoRoot);
    }

    static List<Duration> partTargets(String value) {
        List<Duration> targets = new ArrayList<>();
        for (String item : value.split(",")) {
            Duration target = partTarget(item.trim());
            if (target.compareTo(MIN_PART_TARGET) < 0 || target.compareTo(MAX_PART_TARGET) > 0) {
                throw new IllegalArgumentException("--part-targets: each must be 200ms..1s (packager.partTarget's range), was '"
                        + item.trim() + "'");
            }
            targets.add(target);
        }
        return List.copyOf(targets);
    }

    /** {@code 0.2}, {@code 0.2s} and {@code 200ms} are all 200 ms. */
    static Duration partTarget(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            double seconds = Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1).trim() : v);
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--part-targets: '" + text + "' is not a duration such as 0.2, 0.333s or 200ms");
        }
    }

    /** How {@code packager.partTarget} is written to CourtCast's configuration file. */
    static String configValue(Duration partTarget) {
        return partTarget.toMillis() + "ms";
    }

    /** {@code 0.2 s}, {@code 0.333 s}: as the report names a part target. */
    static String label(Duration partTarget) {
        return String.format(Locale.ROOT, "%s s", java.math.BigDecimal.valueOf(partTarget.toMillis(), 3)
                .stripTrailingZeros().toPlainString());
    }

    public Path workDir() {
        return repoRoot.resolve("loadtest").resolve("work");
    }

    public Path resultsDir() {
        return repoRoot.resolve("loadtest").resolve("results");
    }
}
