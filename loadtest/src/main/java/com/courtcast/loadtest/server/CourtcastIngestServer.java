package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CourtCast's RTMP ingest in a JVM of its own, started as {@code ./courtcast ingest} starts it
 * (the app's {@code ingest} role, with the same JVM flags), so its CPU is measured apart from the
 * load generator's.
 */
public final class CourtcastIngestServer implements ServerUnderTest {

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
        List<String> command = new ArrayList<>(ServerJvm.appCommand(jvmOptions));
        command.addAll(List.of("ingest", "--bind", "127.0.0.1",
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

    @Override
    public String name() {
        return "courtcast";
    }

    @Override
    public String description() {
        return "CourtCast ingest (./courtcast ingest, JVM " + System.getProperty("java.version") + ", RTMP event loops = ingest.eventLoopThreads, default one per core; "
                + "wake-up coalescing = ingest.wakeupCoalescing, default 1 ms)";
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
        return process.logProblems();
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
