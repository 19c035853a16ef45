package com.courtcast.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real peer (ffmpeg, ffprobe) for integration tests, with a deadline and captured output. */
public final class ExternalProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final List<String> command;

    private ExternalProcess(Process process, Path output, List<String> command) {
        this.process = process;
        this.output = output;
        this.command = command;
    }

    public static ExternalProcess start(List<String> command) throws IOException {
        Path output = Files.createTempFile("courtcast-peer", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new ExternalProcess(process, output, command);
    }

    /** Runs to completion and returns standard output and error; fails if it exits non-zero. */
    public static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        try (ExternalProcess peer = start(command)) {
            int exit = peer.await(timeout);
            if (exit != 0) {
                throw new AssertionError(command.get(0) + " exited " + exit + ":\n" + peer.output());
            }
            return peer.output();
        }
    }

    /** Waits for exit; kills the process and fails if it takes longer than {@code timeout}. */
    public int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                    + ":\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it the way a crashing encoder or a pulled cable would: no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Kills the process if it still runs and removes its captured output. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
