package com.courtcast.loadtest.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server started as a child process, its output going to a log file, stopped for sure at the end:
 * SIGTERM first, then SIGKILL for it and every process it started if it does not exit in time.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** Children still running: stopped by a shutdown hook if the bench is interrupted (Ctrl-C). */
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(ChildProcess::close),
                "bench-stop-servers"));
    }

    private final Process process;
    private final Path log;
    private final String name;

    private ChildProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** Starts {@code command} in {@code directory}, its stdout and stderr going to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Path directory, Path log) throws IOException {
        Files.createDirectories(directory);
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        ChildProcess child = new ChildProcess(process, log, name);
        RUNNING.add(child);
        return child;
    }

    public int pid() {
        return Math.toIntExact(process.pid());
    }

    public Path log() {
        return log;
    }

    /** Waits until something accepts TCP connections on 127.0.0.1:{@code port}. */
    public void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with status " + process.exitValue() + " before listening on port "
                        + port + "; its log " + log + " ends with:\n" + tail(20));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException(name + " did not listen on port " + port + " within " + timeout.toSeconds()
                + " s; its log " + log + " ends with:\n" + tail(20));
    }

    public List<String> logLines(Predicate<String> filter) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(filter).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Lines of a CourtCast server's log that tell of trouble: warnings, errors, exceptions, leaks. */
    public List<String> logProblems() throws IOException {
        return logLines(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")
                || line.contains("LEAK:") || line.contains("OutOfMemoryError"));
    }

    /** The last {@code count} lines of the log. */
    public String tail(int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Workers that outlived their master (it was killed) must not hold the port for the next run.
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(this);
    }
}
