package com.courtcast.app;

import com.courtcast.common.config.Settings;
import com.courtcast.ingest.IngestConfig;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.RtmpServer;
import com.courtcast.ingest.StaticKeyAuthorizer;
import com.courtcast.ingest.live.LiveStreamRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CourtCast process: the roles it was asked to run, wired to one metrics registry and one
 * HTTP listener. Roles talk only through the interfaces of their modules (the live stream
 * registry, the publish authorizer), so each can later run in its own process.
 */
public final class Node implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExecutorService deliveryExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final Vertx vertx = Vertx.vertx();
    private JvmGcMetrics gcMetrics;
    private RtmpServer rtmpServer;
    private LiveStreamRegistry liveStreams;
    private InetSocketAddress rtmpAddress;
    private OpsHttpServer opsServer;
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
            rtmpAddress = rtmpServer.start();
        }
        opsServer = new OpsHttpServer(vertx, HttpConfig.from(settings), metrics, this::problemsByRole);
        httpAddress = opsServer.start();
    }

    private Map<String, String> problemsByRole() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (rtmpServer != null) {
            problems.put("ingest", rtmpAddress == null ? "not listening" : null);
        }
        return problems;
    }

    public InetSocketAddress rtmpAddress() {
        return rtmpAddress;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
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
        if (rtmpServer != null) {
            rtmpServer.close();
        }
        vertx.close().await();
        deliveryExecutor.shutdownNow();
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        metrics.close();
    }
}
