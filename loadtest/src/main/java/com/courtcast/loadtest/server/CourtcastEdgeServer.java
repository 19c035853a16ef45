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
 * CourtCast's edge alone ({@code ./courtcast edge --origin URL --edge-port PORT}) in a JVM of its
 * own in front of any origin, with a configuration file written into its work directory.
 */
public final class CourtcastEdgeServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final int port;

    private CourtcastEdgeServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param originUrl the origin the edge fills its cache from
     * @param config configuration keys and values, e.g. the cache size
     * @param jvmOptions extra options for the edge's JVM
     */
    public static CourtcastEdgeServer start(Path workDir, String originUrl, Map<String, String> config,
                                            List<String> jvmOptions) throws IOException, InterruptedException {
        int port = FreePorts.pick();
        Path dir = workDir.resolve("courtcast-edge-" + port).toAbsolutePath();
        Files.createDirectories(dir);
        Path configFile = dir.resolve("courtcast.properties");
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(configFile)) {
            properties.store(writer, "written by the edge benchmark");
        }
        List<String> command = new ArrayList<>(ServerJvm.appCommand(jvmOptions));
        command.addAll(List.of("edge", "--bind", "127.0.0.1", "--origin", originUrl,
                "--edge-port", String.valueOf(port), "--config", configFile.toString()));
        ChildProcess process = ChildProcess.start("courtcast edge", command, dir, dir.resolve("server.log"));
        try {
            process.awaitPort(port, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new CourtcastEdgeServer(process, port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    /** The Prometheus text of the edge's {@code /metrics}. */
    public String metrics() throws IOException, InterruptedException {
        return LocalHttp.get(port, "/metrics");
    }

    /** Warning and error lines of the edge's log so far. */
    public List<String> logProblems() throws IOException {
        return process.logProblems();
    }

    @Override
    public void close() {
        process.close();
    }
}
