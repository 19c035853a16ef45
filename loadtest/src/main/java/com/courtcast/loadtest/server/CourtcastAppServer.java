package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole of CourtCast ({@code ./courtcast all}: ingest, packager, origin and edge) in a JVM of its
 * own on loopback ports, with a configuration file written into its work directory: what the
 * latency benchmark plays from.
 */
public final class CourtcastAppServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final int rtmpPort;
    private final int httpPort;
    private final int edgePort;
    private final Path directory;

    private CourtcastAppServer(ChildProcess process, int rtmpPort, int httpPort, int edgePort, Path directory) {
        this.process = process;
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
        this.edgePort = edgePort;
        this.directory = directory;
    }

    /**
     * Writes {@code config} as the server's configuration file, starts the JVM and waits until it
     * listens.
     *
     * @param config configuration keys and values, e.g. {@code packager.partTarget=200ms}
     * @param stream the stream name that {@code key} may publish
     * @param jvmOptions extra options for the server JVM
     */
    public static CourtcastAppServer start(Path workDir, Map<String, String> config, String stream, String key,
                                           List<String> jvmOptions) throws IOException, InterruptedException {
        int rtmpPort = FreePorts.pick();
        int httpPort = FreePorts.pick();
        int edgePort = FreePorts.pick();
        Path dir = workDir.resolve("courtcast-" + rtmpPort).toAbsolutePath();
        Files.createDirectories(dir);
        Path configFile = dir.resolve("courtcast.properties");
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(configFile)) {
            properties.store(writer, "written by the latency benchmark");
        }
        List<String> command = new ArrayList<>(ServerJvm.appCommand(jvmOptions));
        command.addAll(List.of("all", "--bind", "127.0.0.1", "--data-dir", dir.resolve("data").toString(),
                "--rtmp-port", String.valueOf(rtmpPort), "--http-port", String.valueOf(httpPort),
                "--edge-port", String.valueOf(edgePort),
                "--config", configFile.toString(), "--stream", stream + ":" + key));
        ChildProcess process = ChildProcess.start("courtcast", command, dir, dir.resolve("server.log"));
        try {
            process.awaitPort(rtmpPort, START_TIMEOUT);
            process.awaitPort(httpPort, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new CourtcastAppServer(process, rtmpPort, httpPort, edgePort, dir);
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The port of the edge that {@code all} puts in front of its own origin. */
    public int edgePort() {
        return edgePort;
    }

    /** Waits until the edge listens too. */
    public void awaitEdge() throws IOException, InterruptedException {
        process.awaitPort(edgePort, START_TIMEOUT);
    }

    /** The server's work directory (configuration, log, data). */
    public Path directory() {
        return directory;
    }

    public ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    /** The Prometheus text of {@code /metrics}. */
    public String metrics() throws IOException, InterruptedException {
        return LocalHttp.get(httpPort, "/metrics");
    }

    /** Warning and error lines of the server log so far. */
    public List<String> logProblems() throws IOException {
        return process.logProblems();
    }

    @Override
    public void close() {
        process.close();
    }
}
