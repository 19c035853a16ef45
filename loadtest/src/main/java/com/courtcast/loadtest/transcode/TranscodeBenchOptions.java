package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.BenchFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags of {@code ./courtcast bench transcode}, with their defaults.
 *
 * @param inputs the sources whose ladders are measured for CPU, in order
 * @param seconds the length of each input file
 * @param repeats runs of each transcoder per input (CourtCast and ffmpeg alternate which goes first)
 * @param latencyInput the source published live for the added-latency run
 * @param liveEncoder whether the added-latency run's publisher encodes live rather than replaying a file
 * @param latencySeconds the added-latency window; 0 skips that run
 * @param warmupSeconds from every rendition listing parts to the window's start
 * @param serverJvmOptions extra options for CourtCast's JVMs (the ladder driver and the server)
 * @param repoRoot the repository (results and work directories are under its loadtest/)
 */
public record TranscodeBenchOptions(List<TranscodeInput> inputs, int seconds, int repeats, TranscodeInput latencyInput,
                                    boolean liveEncoder, int latencySeconds, int warmupSeconds, List<String> serverJvmOptions,
                                    Path repoRoot) {

    public static final int DEFAULT_SECONDS = 20;
    public static final int DEFAULT_REPEATS = 3;
    public static final int DEFAULT_LATENCY_SECONDS = 30;
    public static final int DEFAULT_WARMUP_SECONDS = 10;

    public static final String USAGE = """
            Usage: ./courtcast bench transcode [flags]
              --inputs 720p30,1080p30   sources whose ladders are measured for CPU: 720p30 (2.5 Mbit/s) to
                                        480p+360p, 1080p30 (5 Mbit/s) to 720p+480p+360p (default both;
                                        none: only the added-latency run)
              --seconds S               length of each input file, made once with ffmpeg (default 20)
              --repeats N               runs of each transcoder per input (default 3)
              --latency-input NAME      source published live for the added-latency run (default 720p30)
              --latency-publisher P     file: ffmpeg replays it made once, packets copied (default);
                                        live: ffmpeg encodes it live, on the same cores as the server
              --latency-seconds S       added-latency window (default 30; 0 skips the run)
              --warmup S                from every rendition listing parts to that window (default 10)
              --server-jvm-opts "..."   extra JVM options for CourtCast's JVMs (ladder driver, server)
            """;

    public TranscodeBenchOptions {
        inputs = List.copyOf(inputs);
        serverJvmOptions = List.copyOf(serverJvmOptions);
    }

    /** Parses the flags after {@code transcode}. */
    public static TranscodeBenchOptions parse(List<String> args, Path repoRoot) {
        List<TranscodeInput> inputs = TranscodeInput.ALL;
        int seconds = DEFAULT_SECONDS;
        int repeats = DEFAULT_REPEATS;
        TranscodeInput latencyInput = TranscodeInput.HD720;
        boolean liveEncoder = false;
        int latencySeconds = DEFAULT_LATENCY_SECONDS;
        int warmup = DEFAULT_WARMUP_SECONDS;
        List<String> jvmOptions = List.of();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            switch (flag) {
                case "--inputs" -> inputs = inputs(value);
                case "--seconds" -> seconds = BenchFlags.wholeNumber(flag, value, 2, 3600);
                case "--repeats" -> repeats = BenchFlags.wholeNumber(flag, value, 1, 20);
                case "--latency-input" -> latencyInput = TranscodeInput.named(value);
                case "--latency-publisher" -> liveEncoder = switch (value.trim()) {
                    case "file" -> false;
                    case "live" -> true;
                    default -> throw new IllegalArgumentException("--latency-publisher must be file or live, was '"
                            + value + "'");
                };
                case "--latency-seconds" -> latencySeconds = BenchFlags.wholeNumber(flag, value, 0, 3600);
                case "--warmup" -> warmup = BenchFlags.wholeNumber(flag, value, 0, 600);
                case "--server-jvm-opts" -> jvmOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        return new TranscodeBenchOptions(inputs, seconds, repeats, latencyInput, liveEncoder, latencySeconds, warmup, jvmOptions,
                repoRoot);
    }

    /** {@code 720p30,1080p30}, or {@code none} for the added-latency run only. */
    static List<TranscodeInput> inputs(String value) {
        if (value.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<TranscodeInput> inputs = new ArrayList<>();
        for (String item : value.split(",")) {
            TranscodeInput input = TranscodeInput.named(item);
            if (inputs.contains(input)) {
                throw new IllegalArgumentException("--inputs names " + input.name() + " twice");
            }
            inputs.add(input);
        }
        return List.copyOf(inputs);
    }

    public Path workDir() {
        return repoRoot.resolve("loadtest").resolve("work").resolve("transcode");
    }

    public Path resultsDir() {
        return repoRoot.resolve("loadtest").resolve("results");
    }
}
