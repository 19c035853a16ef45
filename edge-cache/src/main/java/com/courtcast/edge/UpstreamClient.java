package com.courtcast.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Pooled HTTP/1.1 connections to the origins. One {@link #fetch} fills one {@link Fill}: it
 * tries the origins in {@link OriginSet} order until one answers with headers; once bytes have
 * reached viewers there is no switching, and a broken body fails the fill instead.
 */
final class UpstreamClient implements AutoCloseable {

    /** Told when a fetch ends with the body complete (or never got going); decides about caching. */
    interface Finisher {
        /** The body arrived whole as far as its framing can tell ({@code verifiable} false: close-delimited). */
        void finished(Fill fill, boolean verifiable, String cacheControl, long originAgeSeconds);

        /** No origin answered, or the body broke; the fill has already failed. */
        void failed(Fill fill, String why);
    }

    private final EdgeConfig config;
    private final OriginSet origins;
    private final LongSupplier nanoTime;
    private final Map<OriginSet.Origin, FixedChannelPool> pools = new IdentityHashMap<>();

    UpstreamClient(EdgeConfig config, OriginSet origins, EventLoopGroup group, Class<? extends Channel> channelType,
                   LongSupplier nanoTime) {
        this.config = config;
        this.origins = origins;
        this.nanoTime = nanoTime;
        for (OriginSet.Origin origin : origins.all()) {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                    .remoteAddress(origin.uri.getHost(), origin.uri.getPort());
            pools.put(origin, new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
                @Override
                public void channelCreated(Channel ch) {
                    ch.pipeline().addLast("http", new HttpClientCodec());
                    ch.pipeline().addLast("exchange", new UpstreamExchange.Dispatcher());
                }
            }, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL,
                    config.connectTimeout().toMillis() + config.blockingTimeout().toMillis(),
                    config.upstreamMaxConnections(), 100_000));
        }
    }

    /**
     * Fetches {@code uri} (path and query) into {@code fill}, waiting at most {@code timeout} for
     * the origin to start answering and at most that long between body bytes.
     */
    void fetch(Fill fill, String uri, long timeoutNanos, Finisher finisher) {
        attempt(fill, uri, timeoutNanos, finisher, origins.order(), 0, null);
    }

    void attempt(Fill fill, String uri, long timeoutNanos, Finisher finisher, List<OriginSet.Origin> order,
                 int index, String lastProblem) {
        if (index >= order.size()) {
            String why = "no origin answered: " + lastProblem;
            fill.fail(why);
            finisher.failed(fill, why);
            return;
        }
        OriginSet.Origin origin = order.get(index);
        FixedChannelPool pool = pools.get(origin);
        pool.acquire().addListener(acquired -> {
            if (!acquired.isSuccess()) {
                String problem = origin + ": " + describe(acquired.cause());
                origins.failed(origin, problem);
                attempt(fill, uri, timeoutNanos, finisher, order, index + 1, problem);
                return;
            }
            Channel channel = (Channel) acquired.getNow();
            UpstreamExchange exchange = new UpstreamExchange(this, pool, channel, origin, fill, uri, timeoutNanos,
                    finisher, order, index);
            try {
                exchange.start();
            } catch (RejectedExecutionException e) {
                // The edge is shutting down under this fetch.
                channel.close();
                fill.fail("edge closing");
                finisher.failed(fill, "edge closing");
            }
        });
    }

    long maxObjectBytes() {
        return config.maxObjectBytes();
    }

    OriginSet origins() {
        return origins;
    }

    LongSupplier nanoTime() {
        return nanoTime;
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "failed";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        pools.values().forEach(FixedChannelPool::close);
    }
}
