package com.courtcast.loadtest.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the wrk HTTP benchmarking tool (Debian package {@code wrk}) against one URL: a fixed number
 * of keep-alive connections over a fixed number of threads for a fixed time, latency distribution on.
 */
final class Wrk {

    static final Path WRK = Path.of("/usr/bin/wrk");

    private final int threads;
    private final int connections;
    private final int seconds;

    Wrk(int threads, int connections, int seconds) {
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
    }

    static void requireInstalled() throws IOException {
        if (!Files.isExecutable(WRK)) {
            throw new IOException("wrk is not installed: apt-get install wrk");
        }
    }

    /** The command line, as the report shows it. */
    String commandLine(String url) {
        return String.join(" ", command(url));
    }

    WrkResult run(String url) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(url)).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("wrk did not finish within " + (seconds + 60) + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("wrk exited with " + process.exitValue() + ":\n" + text);
        }
        return WrkResult.parse(text);
    }

    private List<String> command(String url) {
        return List.of(WRK.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", url);
    }
}
