package com.courtcast.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real peer (ffmpeg, ffprobe) for integration tests, with a deadline and captured output. */
final class ExternalProcess {

    private final Process process;
    private final Path output;
    private final List<String> command;

    private ExternalProcess(Process process, Path output, List<String> command) {
        this.process = process;
        this.output = output;
        this.command = command;
    }

    static ExternalProcess start(List<String> command) throws IOException {
        Path output = Files.createTempFile("courtcast-peer", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new ExternalProcess(process, output, command);
    }

    /** Runs to completion and returns standard output and error; fails if it exits non-zero. */
    static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        ExternalProcess peer = start(command);
        int exit = peer.await(timeout);
        if (exit != 0) {
            throw new AssertionError(command.get(0) + " exited " + exit + ":\n" + peer.output());
        }
        return peer.output();
    }

    /** Waits for exit; kills the process and fails if it takes longer than {@code timeout}. */
    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                    + ":\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
