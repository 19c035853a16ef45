package com.courtcast.app;

import com.courtcast.common.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags every role shares; they override the configuration file and the environment. */
public final class NodeOptions {

    @Option(names = "--data-dir", description = "Where recordings and state live (default: ./data).")
    Path dataDir;

    @Option(names = "--bind", description = "Address every role listens on (default: 0.0.0.0).")
    String bindHost;

    @Option(names = "--rtmp-port", description = "RTMP ingest port (default: 1935).")
    Integer rtmpPort;

    @Option(names = "--http-port", description = "Origin HTTP port; serves /metrics and /healthz (default: 8080).")
    Integer httpPort;

    @Option(names = "--edge-port", description = "Edge HTTP port, for the edge role (default: 8081).")
    Integer edgePort;

    @Option(names = "--dns-port", description = "Geo DNS port, for the DNS role (default: 5353).")
    Integer dnsPort;

    @Option(names = "--config", description = "Configuration file (Java properties; keys such as ingest.maxConnections).")
    Path configFile;

    @Option(names = "--stream", paramLabel = "NAME:KEY[:ladder=RUNGS]",
            description = "Allow a publisher with stream key KEY to publish stream NAME (repeatable). "
                    + "Encoders publish to rtmp://HOST:PORT/live with stream key KEY. "
                    + "ladder=360p,240p@300k picks the stream's transcoding rungs, ladder=off turns its ladder off.")
    List<String> streams = new ArrayList<>();

    /** Settings from file and environment, with these flags on top. */
    public Settings settings() {
        Settings settings = Settings.load(configFile, System.getenv());
        settings.override("node.dataDir", dataDir)
                .override("node.bindHost", bindHost)
                .override("ingest.bindHost", bindHost)
                .override("ingest.port", rtmpPort)
                .override("http.port", httpPort)
                .override("http.bindHost", bindHost)
                .override("edge.port", edgePort)
                .override("dns.port", dnsPort);
        return settings;
    }

    public List<String> streamFlags() {
        return streams;
    }
}
