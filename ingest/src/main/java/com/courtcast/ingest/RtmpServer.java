package com.courtcast.ingest;

import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.rtmp.RtmpChannelInitializer;
import com.courtcast.ingest.rtmp.WakeupCoalescing;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest listener: accepts encoders on {@link IngestConfig#port()} and runs each
 * connection through the RTMP pipeline into the {@link LiveStreamRegistry}.
 *
 * <p>Uses epoll where the native transport loads (Linux), NIO elsewhere.
 */
public final class RtmpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtmpServer.class);

    private final IngestConfig config;
    private final PublishAuthorizer authorizer;
    private final LiveStreamRegistry registry;
    private final IngestMetrics metrics;
    private final LongSupplier nanoClock;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public RtmpServer(IngestConfig config, PublishAuthorizer authorizer, LiveStreamRegistry registry,
                      IngestMetrics metrics) {
        this(config, authorizer, registry, metrics, System::nanoTime);
    }

    public RtmpServer(IngestConfig config, PublishAuthorizer authorizer, LiveStreamRegistry registry,
                      IngestMetrics metrics, LongSupplier nanoClock) {
        this.config = config;
        this.authorizer = authorizer;
        this.registry = registry;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Binds and starts accepting; returns the bound address (useful with port 0). */
    public InetSocketAddress start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        SelectStrategyFactory wakeups = WakeupCoalescing.factory(config.wakeupCoalescing().toNanos());
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory(0, wakeups)
                : NioIoHandler.newFactory(SelectorProvider.provider(), wakeups);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        // The acceptor wakes once per new connection: nothing to coalesce there.
        bossGroup = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.eventLoopThreads(), ioHandler);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new RtmpChannelInitializer(config, authorizer, registry, metrics, nanoClock));
        try {
            serverChannel = bootstrap.bind(config.bindHost(), config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
        log.info("ingest listening on rtmp://{}:{}/{} ({})", address.getHostString(), address.getPort(),
                config.app(), epoll ? "epoll" : "nio");
        return address;
    }

    public LiveStreamRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
