package com.courtcast.edge;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What the DNS balancer needs to spread viewers: open viewer connections (closing any past the
 * limit at accept) and the egress rate, sampled from the bytes-out counter once a second.
 */
@ChannelHandler.Sharable
final class LoadMeter extends ChannelInboundHandlerAdapter {

    private final int maxConnections;
    private final EdgeMetrics metrics;
    private final LongSupplier nanoTime;
    private final AtomicInteger connections = new AtomicInteger();
    private long lastBytes;
    private long lastNanos;
    private volatile double egressBitsPerSecond;

    LoadMeter(int maxConnections, EdgeMetrics metrics, LongSupplier nanoTime) {
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (connections.incrementAndGet() > maxConnections) {
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connections.decrementAndGet();
        ctx.fireChannelInactive();
    }

    /** Called once a second by the server. */
    synchronized void sample() {
        long now = nanoTime.getAsLong();
        long bytes = metrics.bytesOut();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            egressBitsPerSecond = (bytes - lastBytes) * 8.0 * 1e9 / elapsed;
        }
        lastBytes = bytes;
        lastNanos = now;
    }

    int connections() {
        return connections.get();
    }

    double egressBitsPerSecond() {
        return egressBitsPerSecond;
    }
}
