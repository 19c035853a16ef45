package com.courtcast.ingest.rtmp;

import com.courtcast.ingest.IngestMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes connections past the configured maximum as soon as they are accepted. */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int maxConnections;
    private final IngestMetrics metrics;
    private final AtomicInteger open;

    ConnectionLimiter(int maxConnections, IngestMetrics metrics) {
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        this.open = metrics.connections();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
            metrics.reject("too_many_connections");
            log.warn("rtmp {} closed at once: {} connections is the limit", ctx.channel().remoteAddress(),
                    maxConnections);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }
}
