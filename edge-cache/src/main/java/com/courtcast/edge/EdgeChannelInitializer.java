package com.courtcast.edge;

import com.courtcast.common.playback.PlaybackConfig;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Orders a viewer connection's handlers: load accounting, idle timeout, HTTP/1.1, keep-alive, the edge.
 * The idle timeout watches reads only: watching writes too would add a listener to every response.
 */
final class EdgeChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final EdgeConfig config;
    private final LoadMeter load;
    private final EdgeCache cache;
    private final EdgeMetrics metrics;
    private final OpsEndpoints ops;
    private final Ticker ticker;
    private final Clock clock;

    EdgeChannelInitializer(EdgeConfig config, LoadMeter load, EdgeCache cache, EdgeMetrics metrics, OpsEndpoints ops,
                           Ticker ticker, Clock clock) {
        this.config = config;
        this.load = load;
        this.cache = cache;
        this.metrics = metrics;
        this.ops = ops;
        this.ticker = ticker;
        this.clock = clock;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        PlaybackConfig playback = config.playback();
        ch.pipeline()
                .addLast("load", load)
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("http", new HttpServerCodec())
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("edge", new EdgeRequestHandler(cache, metrics, playback, ops, ticker, clock));
    }
}
