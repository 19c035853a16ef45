package com.courtcast.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one response to one viewer from a {@link Fill}, on the viewer's event loop.
 *
 * <p>A complete fill (a hit) goes out in one write: the cached body as a retained duplicate, never
 * a copy. A fill still arriving is streamed: headers as soon as the origin's arrive, then each new
 * run of bytes as it lands (chunked when the origin gave no length), so a viewer of a coalesced
 * miss gets the first bytes when the edge does. When the origin fails before any byte went out,
 * the stale copy (if the cache still has one) answers instead; after bytes went out, the connection
 * is closed so the viewer sees a cut response, never a wrong one.
 */
final class ResponseStreamer implements Fill.Listener {

    /** Told when the response is over (sent or abandoned), so the connection can take the next request. */
    interface Done {
        void responseDone(boolean keepConnection);
    }

    private final ChannelHandlerContext ctx;
    private final boolean head;
    private final String range;
    private final String ifNoneMatch;
    private final String tokenQuery;
    private final EdgeMetrics metrics;
    private final com.github.benmanes.caffeine.cache.Ticker ticker;
    private final Done done;
    private final Fill fill;
    private final Fill stale;
    private final ResourceType type;
    private final String cacheStatus;
    private final boolean mayShareHeaders;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private boolean headersSent;
    private long position;
    private boolean finished;

    /**
     * @param tokenQuery for a restricted playlist, the viewer's token to append to its URIs; else null
     */
    ResponseStreamer(ChannelHandlerContext ctx, HttpRequest request, EdgeCache.Lookup lookup, String tokenQuery,
                     EdgeMetrics metrics, com.github.benmanes.caffeine.cache.Ticker ticker, Done done) {
        this.ctx = ctx;
        this.head = request.method().equals(HttpMethod.HEAD);
        this.range = request.headers().get(HttpHeaderNames.RANGE);
        this.ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        this.tokenQuery = tokenQuery;
        this.metrics = metrics;
        this.ticker = ticker;
        this.done = done;
        this.fill = lookup.fill();
        this.stale = lookup.stale();
        this.type = fill.key().type();
        this.cacheStatus = lookup.outcome().name();
        // The keep-alive handler adds "Connection" to the response of any other request.
        this.mayShareHeaders = tokenQuery == null
                && range == null && ifNoneMatch == null
                && request.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(request);
    }

    void start() {
        // The body is set only on completion: a hit takes no lock.
        if (fill.body() != null) {
            sendComplete(fill, cacheStatus);
            return;
        }
        fill.listen(this);
        pump();
    }

    @Override
    public void changed(Fill changed) {
        if (scheduled.compareAndSet(false, true)) {
            ctx.executor().execute(() -> {
                scheduled.set(false);
                pump();
            });
        }
    }

    private void pump() {
        if (finished) {
            return;
        }
        if (!ctx.channel().isActive()) {
            finish(false);
            return;
        }
        Fill.State state = fill.state();
        if (state == Fill.State.WAITING) {
            return;
        }
        if (!headersSent) {
            if (state == Fill.State.FAILED) {
                if (!serveStale()) {
                    sendError(HttpResponseStatus.BAD_GATEWAY, "the origin could not be reached: " + fill.failure());
                }
                return;
            }
            if (fill.status().code() >= 500 && serveStale()) {
                return;
            }
            if (state == Fill.State.COMPLETE) {
                sendComplete(fill, cacheStatus);
                return;
            }
            if (tokenQuery != null) {
                // A rewritten playlist needs the whole body; playlists are small and come fast.
                return;
            }
            HttpHeaders headers = fill.headers().copy();
            if (!fill.lengthKnown()) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            // Passed straight through, the response is as old as the origin said (its Age, if any, stays).
            headers.set("X-Cache", cacheStatus);
            ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, fill.status(), headers));
            headersSent = true;
        }
        List<ByteBuf> fresh = new ArrayList<>(2);
        Fill.Progress progress = fill.read(position, fresh);
        position = progress.readTo();
        for (ByteBuf bytes : fresh) {
            metrics.bytesOut(bytes.readableBytes());
            if (head) {
                bytes.release();
            } else {
                ctx.write(new DefaultHttpContent(bytes));
            }
        }
        switch (progress.state()) {
            case COMPLETE -> {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                finish(true);
            }
            case FAILED -> {
                // Bytes already went out: cut the connection so the viewer cannot take this as whole.
                ctx.flush();
                ctx.close();
                finish(false);
            }
            default -> ctx.flush();
        }
    }

    private boolean serveStale() {
        if (stale == null || stale.body() == null) {
            return false;
        }
        metrics.request(type, EdgeMetrics.Result.STALE);
        sendComplete(stale, "STALE");
        return true;
    }

    private void sendComplete(Fill from, String xCache) {
        if (mayShareHeaders && from == fill && from.status().code() == 200) {
            sendShared(from, xCache);
            return;
        }
        HttpHeaders headers = from.headers().copy();
        headers.set(HttpHeaderNames.AGE, from.ageSeconds(ticker.read())).set("X-Cache", xCache);
        ByteBuf body;
        boolean plain = tokenQuery == null || !type.playlist();
        boolean conditional = ifNoneMatch != null || range != null;
        if (plain && conditional && from.status().code() == 200 && answeredConditionally(from, headers)) {
            return;
        }
        if (!plain && from.status().code() == 200) {
            String rewritten = PlaylistRewriter.appendQuery(from.body().toString(StandardCharsets.UTF_8), tokenQuery);
            body = Unpooled.wrappedBuffer(rewritten.getBytes(StandardCharsets.UTF_8));
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            // This copy carries one viewer's token: no shared cache may keep it.
            headers.set(HttpHeaderNames.CACHE_CONTROL, "private, max-age=1");
        } else {
            body = from.body().retainedDuplicate();
        }
        metrics.bytesOut(body.readableBytes());
        if (head) {
            body.release();
            body = Unpooled.EMPTY_BUFFER;
        }
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, from.status(), body, headers,
                EmptyHttpHeaders.INSTANCE));
        finish(true);
    }

    /** A complete 200 with the headers every such response of this entry shares (no copy). */
    private void sendShared(Fill from, String xCache) {
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : from.body().retainedDuplicate();
        metrics.bytesOut(head ? 0 : body.readableBytes());
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body,
                from.hitHeaders().at(from.ageSeconds(ticker.read()), xCache), EmptyHttpHeaders.INSTANCE));
        finish(true);
    }

    /**
     * Answers {@code If-None-Match} with 304 and a single {@code Range} with 206 (or 416) from a
     * complete object: slices of the cached buffer, no copies. False when neither applies.
     */
    private boolean answeredConditionally(Fill from, HttpHeaders headers) {
        String etag = from.headers().get(HttpHeaderNames.ETAG);
        if (ifNoneMatch != null && etag != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH).remove(HttpHeaderNames.CONTENT_TYPE);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                    Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE));
            finish(true);
            return true;
        }
        ByteBuf whole = from.body();
        RangeRequest wanted = RangeRequest.parse(range, whole.readableBytes());
        if (wanted == null) {
            return false;
        }
        if (!wanted.satisfiable()) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + whole.readableBytes())
                    .set(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER, headers,
                    EmptyHttpHeaders.INSTANCE));
            finish(true);
            return true;
        }
        ByteBuf slice = head ? Unpooled.EMPTY_BUFFER
                : whole.retainedSlice(whole.readerIndex() + (int) wanted.first(), (int) wanted.length());
        headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + wanted.first() + "-" + (wanted.first() + wanted.length() - 1)
                        + "/" + whole.readableBytes())
                .set(HttpHeaderNames.CONTENT_LENGTH, wanted.length());
        metrics.bytesOut(slice.readableBytes());
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT, slice,
                headers, EmptyHttpHeaders.INSTANCE));
        finish(true);
        return true;
    }

    private void sendError(HttpResponseStatus status, String message) {
        ctx.writeAndFlush(EdgeResponses.text(status, message));
        finish(true);
    }

    /** The viewer left or the connection is going away: drop the references. */
    void abandon() {
        finish(false);
    }

    private void finish(boolean keepConnection) {
        if (finished) {
            return;
        }
        finished = true;
        fill.release();
        if (stale != null) {
            stale.release();
        }
        done.responseDone(keepConnection);
    }
}
