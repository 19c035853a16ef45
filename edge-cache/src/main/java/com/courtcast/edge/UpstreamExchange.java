package com.courtcast.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.pool.ChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request on one pooled origin connection, as a small state machine on that connection's
 * event loop: sent, headers received, body streaming into the {@link Fill}, done. Before headers
 * a failure (refused, reset, timeout) moves on to the next origin; after headers it fails the fill,
 * since viewers already have part of this origin's bytes. The connection goes back to the pool
 * only after a complete, keep-alive response; anything else closes it.
 */
final class UpstreamExchange {

    /** Header fields that describe this hop, never the object (RFC 9110 7.6.1). */
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization");
    private static final DefaultHttpHeadersFactory UNVALIDATED = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false).withValidation(false);
    private static final AttributeKey<UpstreamExchange> CURRENT = AttributeKey.valueOf("courtcast.edge.exchange");
    private static final AttributeKey<Integer> USES = AttributeKey.valueOf("courtcast.edge.uses");

    private enum Phase { SENT, BODY, DONE }

    private final UpstreamClient client;
    private final ChannelPool pool;
    private final Channel channel;
    private final OriginSet.Origin origin;
    private final Fill fill;
    private final String uri;
    private final long timeoutNanos;
    private final UpstreamClient.Finisher finisher;
    private final List<OriginSet.Origin> order;
    private final int index;

    private Phase phase = Phase.SENT;
    private boolean reused;
    private boolean timedOut;
    private boolean keepAlive;
    private boolean verifiable;
    private String cacheControl;
    private long originAge;
    private long lastActivityNanos;
    private ScheduledFuture<?> timer;

    UpstreamExchange(UpstreamClient client, ChannelPool pool, Channel channel, OriginSet.Origin origin, Fill fill,
                     String uri, long timeoutNanos, UpstreamClient.Finisher finisher,
                     List<OriginSet.Origin> order, int index) {
        this.client = client;
        this.pool = pool;
        this.channel = channel;
        this.origin = origin;
        this.fill = fill;
        this.uri = uri;
        this.timeoutNanos = timeoutNanos;
        this.finisher = finisher;
        this.order = order;
        this.index = index;
    }

    void start() {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(this::start);
            return;
        }
        channel.attr(CURRENT).set(this);
        Integer uses = channel.attr(USES).get();
        reused = uses != null;
        channel.attr(USES).set(uses == null ? 1 : uses + 1);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        request.headers().set(HttpHeaderNames.HOST, origin.hostHeader)
                .set(HttpHeaderNames.VIA, "1.1 courtcast-edge")
                .set(HttpHeaderNames.ACCEPT_ENCODING, "identity");
        lastActivityNanos = client.nanoTime().getAsLong();
        timer = channel.eventLoop().schedule(this::checkTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        channel.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                abort("could not send the request: " + UpstreamClient.describe(written.cause()));
            }
        });
    }

    private void checkTimeout() {
        if (phase == Phase.DONE) {
            return;
        }
        long idle = client.nanoTime().getAsLong() - lastActivityNanos;
        if (idle < timeoutNanos) {
            timer = channel.eventLoop().schedule(this::checkTimeout, timeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        timedOut = true;
        abort(phase == Phase.SENT ? "no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"
                : "body stalled for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    private void onMessage(Object message) {
        try {
            if (phase == Phase.DONE) {
                return;
            }
            lastActivityNanos = client.nanoTime().getAsLong();
            if (message instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    abort("malformed response: " + UpstreamClient.describe(response.decoderResult().cause()));
                    return;
                }
                onHeaders(response);
            }
            if (message instanceof HttpContent content) {
                if (content.decoderResult().isFailure()) {
                    abort("malformed body: " + UpstreamClient.describe(content.decoderResult().cause()));
                    return;
                }
                if (!fill.onContent(content.content(), channel.alloc(), client.maxObjectBytes())) {
                    abort("body longer than its Content-Length or edge.cache.maxObjectBytes");
                    return;
                }
                if (content instanceof LastHttpContent) {
                    finish();
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onHeaders(HttpResponse response) {
        // The decoder already validated these; every hit copies them, so the copies skip validation too.
        HttpHeaders stored = UNVALIDATED.newHeaders();
        for (var header : response.headers()) {
            if (!NOT_STORED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                stored.add(header.getKey(), header.getValue());
            }
        }
        long length = HttpUtil.getContentLength(response, -1L);
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        // A close-delimited body cannot be told apart from a cut one (RFC 9112 6.3 rule 8).
        verifiable = chunked || length >= 0;
        keepAlive = HttpUtil.isKeepAlive(response) && verifiable;
        cacheControl = response.headers().get(HttpHeaderNames.CACHE_CONTROL);
        originAge = parseAge(response.headers().get(HttpHeaderNames.AGE));
        phase = Phase.BODY;
        client.origins().succeeded(origin);
        if (length > client.maxObjectBytes()) {
            // Not the origin's fault: no failover, the viewers get a 502 naming the limit.
            abort("Content-Length " + length + " is over edge.cache.maxObjectBytes");
            return;
        }
        fill.onHeaders(response.status(), stored, chunked ? -1 : length, channel.alloc());
    }

    private void finish() {
        phase = Phase.DONE;
        timer.cancel(false);
        channel.attr(CURRENT).set(null);
        if (keepAlive) {
            pool.release(channel);
        } else {
            channel.close();
            pool.release(channel);
        }
        finisher.finished(fill, verifiable, cacheControl, originAge);
    }

    private void onInactive() {
        if (phase != Phase.DONE) {
            abort("origin closed the connection" + (phase == Phase.BODY ? " mid-body" : ""));
        }
    }

    private void abort(String why) {
        if (phase == Phase.DONE) {
            return;
        }
        Phase was = phase;
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel(false);
        }
        channel.attr(CURRENT).set(null);
        channel.close();
        pool.release(channel);
        String problem = origin + ": " + why;
        if (was == Phase.SENT && reused && !timedOut) {
            // A pooled connection the origin had already closed: not the origin's fault, ask again on a new one.
            client.attempt(fill, uri, timeoutNanos, finisher, order, index, problem);
        } else if (was == Phase.SENT) {
            client.origins().failed(origin, why);
            client.attempt(fill, uri, timeoutNanos, finisher, order, index + 1, problem);
        } else {
            fill.fail(problem);
            finisher.failed(fill, problem);
        }
    }

    private static long parseAge(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The connection's handler: hands what arrives to the exchange currently using the connection. */
    static final class Dispatcher extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            UpstreamExchange exchange = ctx.channel().attr(CURRENT).get();
            if (exchange == null) {
                // Nothing asked: an origin speaking out of turn; drop the connection.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            exchange.onMessage(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            UpstreamExchange exchange = ctx.channel().attr(CURRENT).get();
            if (exchange != null) {
                exchange.fill.announce();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            UpstreamExchange exchange = ctx.channel().attr(CURRENT).get();
            if (exchange != null) {
                exchange.onInactive();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            UpstreamExchange exchange = ctx.channel().attr(CURRENT).get();
            if (exchange != null) {
                exchange.abort(UpstreamClient.describe(cause));
            } else {
                ctx.close();
            }
        }
    }
}
