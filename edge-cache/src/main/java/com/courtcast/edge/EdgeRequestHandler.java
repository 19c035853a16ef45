package com.courtcast.edge;

import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.common.playback.PlaybackToken;
import com.courtcast.common.playback.PlaybackVerdict;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;

/**
 * One viewer connection: takes requests in order (pipelined ones wait their turn, as HTTP/1.1
 * requires responses in request order), checks restricted streams' tokens, and hands each request
 * to the cache and a {@link ResponseStreamer}.
 */
final class EdgeRequestHandler extends ChannelInboundHandlerAdapter implements ResponseStreamer.Done {

    /** Pipelined requests a connection may queue; more is abuse. */
    private static final int MAX_QUEUED = 32;

    private final EdgeCache cache;
    private final EdgeMetrics metrics;
    private final PlaybackConfig playback;
    private final OpsEndpoints ops;
    private final Ticker ticker;
    private final Clock clock;
    private final ArrayDeque<HttpRequest> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ResponseStreamer current;
    private boolean busy;
    private boolean closeAfterResponse;

    EdgeRequestHandler(EdgeCache cache, EdgeMetrics metrics, PlaybackConfig playback, OpsEndpoints ops, Ticker ticker,
                       Clock clock) {
        this.cache = cache;
        this.metrics = metrics;
        this.playback = playback;
        this.ops = ops;
        this.ticker = ticker;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            // Request bodies (none expected for GET/HEAD) are dropped.
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (request.decoderResult().isFailure()) {
            ctx.writeAndFlush(EdgeResponses.text(HttpResponseStatus.BAD_REQUEST, "malformed request"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (busy) {
            if (queued.size() >= MAX_QUEUED) {
                ctx.close();
                return;
            }
            queued.add(request);
            return;
        }
        handle(request);
    }

    private void handle(HttpRequest request) {
        busy = true;
        closeAfterResponse = !HttpUtil.isKeepAlive(request);
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            reply(EdgeResponses.preflight());
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            reply(EdgeResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD"));
            return;
        }
        String uri = request.uri();
        String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
        if (OpsEndpoints.handles(path)) {
            ops.answer(ctx, path, this::reply);
            return;
        }
        RequestKey key = RequestKey.parse(uri);
        if (key == null) {
            reply(EdgeResponses.text(HttpResponseStatus.BAD_REQUEST, "bad request target"));
            return;
        }
        String tokenQuery = null;
        if (key.stream() != null && playback.isRestricted(key.stream())) {
            PlaybackVerdict verdict = playback.signer().verify(key.stream(), key.expiry(), key.signature(),
                    key.network(), remoteAddress(), clock.instant());
            if (!verdict.allowed()) {
                metrics.request(key.type(), EdgeMetrics.Result.REFUSED);
                reply(EdgeResponses.text(HttpResponseStatus.FORBIDDEN, verdict.reason()));
                return;
            }
            if (key.type().playlist()) {
                tokenQuery = tokenQuery(uri);
            }
        }
        EdgeCache.Lookup lookup = cache.lookup(key);
        metrics.request(key.type(), switch (lookup.outcome()) {
            case HIT -> EdgeMetrics.Result.HIT;
            case MISS -> EdgeMetrics.Result.MISS;
            case COALESCED -> EdgeMetrics.Result.COALESCED;
            case UPDATING -> EdgeMetrics.Result.UPDATING;
        });
        current = new ResponseStreamer(ctx, request, lookup, tokenQuery, metrics, ticker, this);
        current.start();
    }

    /** The viewer's own token parameters (only those), in the order given, to carry into the playlist's URIs. */
    private static String tokenQuery(String uri) {
        StringBuilder query = new StringBuilder(96);
        for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(PlaybackToken.EXPIRY_PARAM + "=") || pair.startsWith(PlaybackToken.SIGNATURE_PARAM + "=")
                    || pair.startsWith(PlaybackToken.NETWORK_PARAM + "=")) {
                query.append(query.isEmpty() ? "" : "&").append(pair);
            }
        }
        return query.toString();
    }

    private java.net.InetAddress remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address.getAddress() : null;
    }

    private void reply(FullHttpResponse response) {
        ctx.writeAndFlush(response);
        responseDone(true);
    }

    @Override
    public void responseDone(boolean keepConnection) {
        current = null;
        busy = false;
        if (!keepConnection || closeAfterResponse) {
            // The keep-alive handler closes after "Connection: close" responses; this covers cut responses.
            if (!keepConnection) {
                ctx.close();
            }
            queued.clear();
            return;
        }
        HttpRequest next = queued.poll();
        if (next != null) {
            handle(next);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queued.clear();
        if (current != null) {
            current.abandon();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!busy) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
