package com.courtcast.app;

import com.courtcast.common.config.Settings;
import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.edge.EdgeConfig;
import com.courtcast.edge.EdgeServer;
import com.courtcast.ingest.IngestConfig;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.RtmpServer;
import com.courtcast.ingest.StaticKeyAuthorizer;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.origin.OriginConfig;
import com.courtcast.origin.http.OriginRoutes;
import com.courtcast.origin.http.PlayerRoutes;
import com.courtcast.origin.live.LiveStreamDirectory;
import com.courtcast.origin.live.RecordingSink;
import com.courtcast.origin.recording.Recorder;
import com.courtcast.origin.recording.RecorderLimits;
import com.courtcast.origin.recording.RecorderSinks;
import com.courtcast.origin.recording.Recording;
import com.courtcast.origin.recording.RecordingCatalog;
import com.courtcast.transcoder.packager.PackagerConfig;
import com.courtcast.transcoder.packager.PackagerMetrics;
import com.courtcast.transcoder.packager.RenditionPackager;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CourtCast process: the roles it was asked to run, wired to one metrics registry and one
 * HTTP listener. Roles talk only through the interfaces of their modules (the live stream
 * registry, the publish authorizer), so each can later run in its own process.
 */
public final class Node implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);
    /** The rendition the ingest's own media is packaged as, untouched. */
    public static final String SOURCE_RENDITION = "source";
    public static final String DEFAULT_DATA_DIR = "data";

    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExecutorService deliveryExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final Vertx vertx = Vertx.vertx();
    private JvmGcMetrics gcMetrics;
    private RtmpServer rtmpServer;
    private LiveStreamRegistry liveStreams;
    private InetSocketAddress rtmpAddress;
    private OpsHttpServer opsServer;
    private LiveStreamDirectory liveDirectory;
    private OriginRoutes originRoutes;
    private Recorder recorder;
    private final List<RenditionPackager> packagers = new CopyOnWriteArrayList<>();
    private final ExecutorService recordingExecutor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("courtcast-recorder").daemon(true).factory());
    private InetSocketAddress httpAddress;
    private EdgeServer edgeServer;
    private InetSocketAddress edgeAddress;

    private Node() {
    }

    /** Starts the given roles; on failure everything already started is stopped again. */
    public static Node start(Settings settings, List<String> streamFlags, Set<Role> roles) throws InterruptedException {
        Node node = new Node();
        try {
            node.startRoles(settings, streamFlags, roles);
            return node;
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
    }

    private void startRoles(Settings settings, List<String> streamFlags, Set<Role> roles) throws InterruptedException {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(metrics);

        if (roles.contains(Role.INGEST)) {
            IngestConfig ingestConfig = IngestConfig.from(settings);
            StaticKeyAuthorizer authorizer = new StaticKeyAuthorizer(StaticKeyAuthorizer.parseStreamFlags(streamFlags));
            if (streamFlags.isEmpty()) {
                log.warn("no --stream NAME:KEY given: every publisher will be refused");
            }
            IngestMetrics ingestMetrics = new IngestMetrics(metrics);
            liveStreams = new LiveStreamRegistry(ingestConfig.takeoverPolicy(), ingestConfig.fanOutLimits(),
                    deliveryExecutor, ingestMetrics, Clock.systemUTC());
            rtmpServer = new RtmpServer(ingestConfig, authorizer, liveStreams, ingestMetrics);
        }
        if (roles.contains(Role.ORIGIN)) {
            startOrigin(settings, roles);
        }
        if (rtmpServer != null) {
            rtmpAddress = rtmpServer.start();
        }
        if (roles.contains(Role.INGEST) || roles.contains(Role.ORIGIN)) {
            opsServer = new OpsHttpServer(vertx, HttpConfig.from(settings), metrics, this::problemsByRole,
                    router -> {
                        if (originRoutes != null) {
                            originRoutes.mount(router);
                            new PlayerRoutes(vertx).mount(router);
                        }
                    });
            httpAddress = opsServer.start();
        }
        if (roles.contains(Role.EDGE)) {
            startEdge(settings);
        }
    }

    /**
     * The edge fills from the configured origins, or, with none configured and an origin in this
     * process, from that origin (the {@code all} command's one-machine setup).
     */
    private void startEdge(Settings settings) throws InterruptedException {
        if (settings.string("edge.origins", "").isBlank() && originRoutes != null) {
            String host = httpAddress.getAddress().isAnyLocalAddress() ? "127.0.0.1" : httpAddress.getHostString();
            settings.override("edge.origins", "http://" + host + ":" + httpAddress.getPort());
        }
        edgeServer = new EdgeServer(EdgeConfig.from(settings), metrics, metrics::scrape);
        edgeAddress = edgeServer.start();
    }

    /**
     * The origin serves what this process ingests: each live stream gets a packager for its
     * source rendition, writing into the origin's directory (and from there the recording).
     */
    private void startOrigin(Settings settings, Set<Role> roles) {
        if (!roles.contains(Role.INGEST)) {
            throw new IllegalArgumentException("the origin role needs the ingest role in the same process");
        }
        OriginConfig originConfig = OriginConfig.from(settings);
        PackagerConfig packagerConfig = PackagerConfig.from(settings);
        Path dataDir = Path.of(settings.string("node.dataDir", DEFAULT_DATA_DIR));
        RecordingSink.Factory recordingSinks = RecordingSink.Factory.NONE;
        RecordingCatalog catalog = null;
        if (originConfig.recording()) {
            Path root = dataDir.resolve("recordings");
            recorder = new Recorder(root, recordingExecutor, metrics, Clock.systemUTC(), RecorderLimits.from(settings));
            catalog = new RecordingCatalog(root);
            // Hearings a previous process left open (it stopped or crashed) are complete as they are.
            for (Recording finished : catalog.finishAbandoned(recorder.activeRecordingIds())) {
                log.info("recording {}/{} closed: its process ended while it was live", finished.stream(), finished.id());
            }
            recordingSinks = new RecorderSinks(recorder);
        }
        liveDirectory = new LiveStreamDirectory(originConfig, Clock.systemUTC(), recordingSinks);
        originRoutes = new OriginRoutes(vertx, liveDirectory, catalog, PlaybackConfig.from(settings), Clock.systemUTC(),
                metrics);
        PackagerMetrics packagerMetrics = new PackagerMetrics(metrics);
        liveStreams.addAutoSubscriber("packager", stream -> {
            RenditionPackager packager = new RenditionPackager(stream + "/source", packagerConfig,
                    liveDirectory.sink(stream, SOURCE_RENDITION), Clock.systemUTC(), PooledByteBufAllocator.DEFAULT,
                    packagerMetrics);
            packagers.add(packager);
            return packager;
        });
    }

    private Map<String, String> problemsByRole() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (rtmpServer != null) {
            problems.put("ingest", rtmpAddress == null ? "not listening" : null);
        }
        if (liveDirectory != null) {
            problems.put("origin", null);
        }
        if (edgeServer != null) {
            problems.put("edge", edgeServer.problem());
        }
        return problems;
    }

    public InetSocketAddress rtmpAddress() {
        return rtmpAddress;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The edge's address, null when this node runs no edge. */
    public InetSocketAddress edgeAddress() {
        return edgeAddress;
    }

    public LiveStreamDirectory liveDirectory() {
        return liveDirectory;
    }

    public LiveStreamRegistry liveStreams() {
        return liveStreams;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (edgeServer != null) {
            edgeServer.close();
        }
        if (opsServer != null) {
            opsServer.close();
        }
        if (originRoutes != null) {
            originRoutes.close();
        }
        if (rtmpServer != null) {
            rtmpServer.close();
        }
        vertx.close().await();
        deliveryExecutor.shutdownNow();
        try {
            // Packagers hold the ingest's buffers; release them once no delivery can run.
            if (deliveryExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                packagers.forEach(RenditionPackager::close);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recordingExecutor.shutdown();
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        metrics.close();
    }
}
