package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CourtCast's RTMP ingest in a JVM of its own, started as {@code ./courtcast ingest} starts it
 * (the app's {@code ingest} role, with the same JVM flags), so its CPU is measured apart from the
 * load generator's.
 */
public final class CourtcastIngestServer implements ServerUnderTest {

    static final String APP_MAIN = "com.courtcast.app.Courtcast";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final int rtmpPort;
    private final int httpPort;

    private CourtcastIngestServer(ChildProcess process, int rtmpPort, int httpPort) {
        this.process = process;
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
    }

    /**
     * Starts the server JVM and waits until it listens.
     *
     * @param streamKeys stream key to stream name, one per publisher
     * @param jvmOptions extra options for the server JVM
     */
    public static CourtcastIngestServer start(Path workDir, Map<String, String> streamKeys,
                                              List<String> jvmOptions) throws IOException, InterruptedException {
        int rtmpPort = FreePorts.pick();
        int httpPort = FreePorts.pick();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags ./courtcast gives the JVM: epoll's native library, and on JDK 24+ the
        // sun.misc.Unsafe access without which Netty falls back to slower buffer code.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.addAll(List.of(APP_MAIN, "ingest", "--bind", "127.0.0.1",
                "--data-dir", workDir.resolve("courtcast-" + rtmpPort).resolve("data").toAbsolutePath().toString()));
        command.addAll(List.of("--rtmp-port", String.valueOf(rtmpPort), "--http-port", String.valueOf(httpPort)));
        streamKeys.forEach((key, name) -> command.addAll(List.of("--stream", name + ":" + key)));
        Path dir = workDir.resolve("courtcast-" + rtmpPort);
        ChildProcess process = ChildProcess.start("courtcast", command, dir, dir.resolve("server.log"));
        try {
            process.awaitPort(rtmpPort, START_TIMEOUT);
            process.awaitPort(httpPort, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new CourtcastIngestServer(process, rtmpPort, httpPort);
    }

    /** The bench JVM's class path with every entry absolute, as the server runs in another directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public String name() {
        return "courtcast";
    }

    @Override
    public String description() {
        return "CourtCast ingest (./courtcast ingest, JVM " + System.getProperty("java.version") + ", RTMP event loops = ingest.eventLoopThreads, default one per core)";
    }

    @Override
    public int rtmpPort() {
        return rtmpPort;
    }

    @Override
    public ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    @Override
    public ServerCounters counters() throws IOException, InterruptedException {
        String metrics = LocalHttp.get(httpPort, "/metrics");
        return new ServerCounters(
                (long) PrometheusText.sum(metrics, "courtcast_ingest_frames_total"),
                (long) PrometheusText.sum(metrics, "courtcast_ingest_publishers_active"),
                (long) PrometheusText.sum(metrics, "courtcast_ingest_bytes_total"));
    }

    @Override
    public List<String> logProblems() throws IOException {
        return process.logLines(line -> line.contains(" WARN ") || line.contains(" ERROR ")
                || line.contains("Exception") || line.contains("LEAK:") || line.contains("OutOfMemoryError"));
    }

    /** Lines of the server log that contain {@code text}, e.g. its one line per closed connection. */
    public List<String> logLinesContaining(String text) throws IOException {
        return process.logLines(line -> line.contains(text));
    }

    @Override
    public void close() {
        process.close();
    }
}
