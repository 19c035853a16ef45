package com.courtcast.app.hls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real peer process (ffmpeg, ffprobe) for integration tests: output captured, deadline enforced. */
final class Peer implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final List<String> command;

    private Peer(Process process, Path output, List<String> command) {
        this.process = process;
        this.output = output;
        this.command = command;
    }

    static Peer start(List<String> command) throws IOException {
        Path output = Files.createTempFile("courtcast-peer", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Peer(process, output, command);
    }

    /** Runs to completion; fails naming the command and its output when it exits non-zero. */
    static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        try (Peer peer = start(command)) {
            int exit = peer.await(timeout);
            if (exit != 0) {
                throw new AssertionError(command.getFirst() + " exited " + exit + ":\n" + peer.output());
            }
            return peer.output();
        }
    }

    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it the way a crashing encoder or a pulled cable would: no goodbye. */
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
