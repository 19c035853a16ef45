package com.courtcast.edge;

import com.courtcast.common.config.ConfigException;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache-filling HTTP edge: serves viewers on {@link EdgeConfig#port()} from its cache and fills
 * the cache from the configured origins, one origin request per object however many viewers ask.
 *
 * <p>Viewer and origin connections share the same event loops (epoll where it loads), so a cache
 * fill and the viewers it streams to mostly stay on one thread; nothing here blocks a loop.
 */
public final class EdgeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

    private final EdgeConfig config;
    private final Ticker ticker;
    private final Clock clock;
    private final EdgeMetrics metrics;
    private final Supplier<String> metricsText;
    private final OriginSet origins;
    private final EdgeCache cache;
    private final ExecutorService scrapeExecutor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("courtcast-edge-metrics").daemon(true).factory());
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private EventLoopGroup upstreamGroup;
    private UpstreamClient upstream;
    private Channel serverChannel;
    private ScheduledFuture<?> sampler;

    /**
     * @param registry where the edge's meters go
     * @param metricsText renders the registry for {@code /metrics}; null to serve no {@code /metrics}
     */
    public EdgeServer(EdgeConfig config, MeterRegistry registry, Supplier<String> metricsText) {
        this(config, registry, metricsText, Ticker.systemTicker(), Clock.systemUTC());
    }

    /** With the time sources injected: {@code ticker} for TTLs and timeouts, {@code clock} for token expiry. */
    public EdgeServer(EdgeConfig config, MeterRegistry registry, Supplier<String> metricsText, Ticker ticker, Clock clock) {
        this.config = config;
        this.ticker = ticker;
        this.clock = clock;
        this.metrics = new EdgeMetrics(registry);
        this.metricsText = metricsText;
        this.origins = new OriginSet(config.origins(), config.originRetryAfter().toNanos(), ticker::read);
        this.cache = new EdgeCache(config, ticker, metrics, new UpstreamTokens(config.playback(), clock),
                PooledByteBufAllocator.DEFAULT);
        metrics.gauge("courtcast.edge.cache.bytes", "Bytes held by the edge cache", cache, EdgeCache::weightedBytes);
        metrics.gauge("courtcast.edge.cache.entries", "Responses held by the edge cache", cache, EdgeCache::entries);
        metrics.gauge("courtcast.edge.cache.inflight", "Origin fetches in flight", cache, EdgeCache::inFlightCount);
    }

    /** Binds and starts serving; returns the bound address (useful with port 0). */
    public InetSocketAddress start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, ioHandler);
        workerGroup = new MultiThreadIoEventLoopGroup(config.eventLoopThreads(), ioHandler);
        upstreamGroup = new MultiThreadIoEventLoopGroup(config.upstreamEventLoopThreads(), ioHandler);
        upstream = new UpstreamClient(config, origins, upstreamGroup, clientType, ticker::read);
        cache.upstream(upstream);
        LoadMeter load = new LoadMeter(config.maxConnections(), metrics, ticker::read);
        metrics.gauge("courtcast.edge.connections", "Open viewer connections", load, LoadMeter::connections);
        OpsEndpoints ops = new OpsEndpoints(config, origins, cache, load, metricsText, scrapeExecutor);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new EdgeChannelInitializer(config, load, tlsContext(),
                        () -> new EdgeRequestHandler(cache, metrics, config.playback(), ops, ticker, clock)));
        try {
            serverChannel = bootstrap.bind(config.bindHost(), config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        sampler = workerGroup.next().scheduleAtFixedRate(load::sample, 1, 1, TimeUnit.SECONDS);
        InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
        log.info("edge listening on {}://{}:{}/ ({}, {}), filling from {}", config.tls() ? "https" : "http",
                address.getHostString(), address.getPort(), epoll ? "epoll" : "nio",
                config.tls() ? "HTTP/2 and HTTP/1.1 by ALPN" : "HTTP/1.1 and h2c", config.origins());
        return address;
    }

    /** TLS with ALPN (h2, then http/1.1) on the JDK's own TLS, when a certificate is configured. */
    private SslContext tlsContext() {
        if (!config.tls()) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(config.tlsCertificate().toFile(), config.tlsPrivateKey().toFile())
                    .sslProvider(SslProvider.JDK)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("edge.tls.certificate and edge.tls.privateKey must be a PEM certificate and its "
                    + "PKCS#8 key, was '" + config.tlsCertificate() + "', '" + config.tlsPrivateKey() + "': " + e.getMessage());
        }
    }

    /** The bound port, once started. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Null while some origin is answering, else why none is (for a node's /healthz). */
    public String problem() {
        return origins.problem();
    }

    EdgeCache cache() {
        return cache;
    }

    EdgeMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.cancel(false);
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (upstream != null) {
            upstream.close();
        }
        // Closing the loops closes every viewer and origin connection, which drops their references.
        if (upstreamGroup != null) {
            upstreamGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        cache.close();
        scrapeExecutor.shutdownNow();
    }
}
