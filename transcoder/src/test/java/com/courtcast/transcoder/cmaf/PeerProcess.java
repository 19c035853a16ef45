package com.courtcast.transcoder.cmaf;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real peer (ffmpeg, ffprobe) to completion with a deadline, output captured in files. */
public final class PeerProcess {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    /** What a finished process printed. */
    public record Output(String stdout, String stderr) {}

    private PeerProcess() {
    }

    /** Runs {@code command}; fails the test if it exits non-zero or outlives the deadline. */
    public static Output run(List<String> command) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("courtcast-peer", ".out");
        Path stderr = Files.createTempFile("courtcast-peer", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT + ":\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            Output output = new Output(Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n"
                        + output.stderr());
            }
            return output;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
