package com.courtcast.app;

import com.courtcast.common.config.Settings;
import com.courtcast.common.playback.PlaybackConfig;
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
import com.courtcast.transcoder.ladder.LadderConfig;
import com.courtcast.transcoder.ladder.LadderMetrics;
import com.courtcast.transcoder.ladder.LadderProfiles;
import com.courtcast.transcoder.ladder.Rung;
import com.courtcast.transcoder.ladder.StreamLadder;
import com.courtcast.transcoder.packager.PackagerConfig;
import com.courtcast.transcoder.packager.PackagerMetrics;
import com.courtcast.transcoder.packager.RenditionPackager;
import com.courtcast.transcoder.packager.SegmentAlignment;
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
import java.util.concurrent.ConcurrentHashMap;
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
    private final List<StreamLadder> ladders = new CopyOnWriteArrayList<>();
    /** The source packager's segment numbering, per stream, that its ladder's packagers follow. */
    private final Map<String, SegmentAlignment> alignments = new ConcurrentHashMap<>();
    private final ExecutorService recordingExecutor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("courtcast-recorder").daemon(true).factory());
    private InetSocketAddress httpAddress;

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

        List<StreamFlag> streams = StreamFlag.parseAll(streamFlags);
        if (roles.contains(Role.INGEST)) {
            IngestConfig ingestConfig = IngestConfig.from(settings);
            StaticKeyAuthorizer authorizer = new StaticKeyAuthorizer(StaticKeyAuthorizer.parseStreamFlags(
                    streams.stream().map(StreamFlag::authorization).toList()));
            if (streamFlags.isEmpty()) {
                log.warn("no --stream NAME:KEY given: every publisher will be refused");
            }
            IngestMetrics ingestMetrics = new IngestMetrics(metrics);
            liveStreams = new LiveStreamRegistry(ingestConfig.takeoverPolicy(), ingestConfig.fanOutLimits(),
                    deliveryExecutor, ingestMetrics, Clock.systemUTC());
            rtmpServer = new RtmpServer(ingestConfig, authorizer, liveStreams, ingestMetrics);
        }
        if (roles.contains(Role.ORIGIN)) {
            startOrigin(settings, roles, streams);
        }
        if (rtmpServer != null) {
            rtmpAddress = rtmpServer.start();
        }
        opsServer = new OpsHttpServer(vertx, HttpConfig.from(settings), metrics, this::problemsByRole,
                router -> {
                    if (originRoutes != null) {
                        originRoutes.mount(router);
                        new PlayerRoutes(vertx).mount(router);
                    }
                });
        httpAddress = opsServer.start();
    }

    /**
     * The origin serves what this process ingests: each live stream gets a packager for its
     * source rendition and a transcoding ladder with a packager per rung, all writing into the
     * origin's directory (and from there the recording).
     */
    private void startOrigin(Settings settings, Set<Role> roles, List<StreamFlag> streams) {
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
        LadderConfig ladderConfig = LadderConfig.from(settings);
        LadderProfiles profiles = LadderProfiles.from(settings, StreamFlag.ladders(streams),
                streams.stream().map(StreamFlag::name).toList());
        LadderMetrics ladderMetrics = new LadderMetrics(metrics);
        StreamLadder.loadNatives();
        liveStreams.addAutoSubscriber("packager", stream -> {
            SegmentAlignment alignment = new SegmentAlignment();
            alignments.put(stream, alignment);
            RenditionPackager packager = new RenditionPackager(stream + "/source", packagerConfig,
                    liveDirectory.sink(stream, SOURCE_RENDITION), Clock.systemUTC(), PooledByteBufAllocator.DEFAULT,
                    packagerMetrics, new SegmentAlignment.Leader(alignment));
            packagers.add(packager);
            return packager;
        });
        liveStreams.addAutoSubscriber("ladder", stream -> {
            List<Rung> rungs = profiles.rungsFor(stream);
            SegmentAlignment alignment = alignments.get(stream);
            if (rungs.isEmpty() || alignment == null) {
                return null;
            }
            StreamLadder ladder = new StreamLadder(stream, rungs, ladderConfig, rung -> {
                RenditionPackager packager = new RenditionPackager(stream + "/" + rung.name(), packagerConfig,
                        liveDirectory.sink(stream, rung.name()), Clock.systemUTC(), PooledByteBufAllocator.DEFAULT,
                        packagerMetrics, new SegmentAlignment.Follower(alignment));
                packagers.add(packager);
                return packager;
            }, alignment, (rendition, producing) -> liveDirectory.setProduced(stream, rendition, producing),
                    Clock.systemUTC(), PooledByteBufAllocator.DEFAULT, ladderMetrics);
            ladders.add(ladder);
            return ladder;
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
        return problems;
    }

    public InetSocketAddress rtmpAddress() {
        return rtmpAddress;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
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
                ladders.forEach(StreamLadder::close); // their rungs' packagers get nothing after this
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
