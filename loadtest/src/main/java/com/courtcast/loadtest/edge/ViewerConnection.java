package com.courtcast.loadtest.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive HTTP/1.1 connection of a simulated viewer, one GET at a time (browsers do not
 * pipeline). It connects when first asked, and again after the server closed it. Every method
 * runs on the connection's event loop, so it needs no locks.
 *
 * <p>Bodies are only counted unless the caller asks to keep them (playlists): then they are
 * gathered into one buffer up to a bound. That buffer belongs to the exchange and is released
 * when the exchange ends, however it ends; the decoder's own messages are released by
 * {@link SimpleChannelInboundHandler}.
 */
final class ViewerConnection {

    /** What the viewer hears back; called on the event loop, after the connection is free again. */
    interface Listener {

        /** @param body the body when it was kept, else null; valid only during the call */
        void answered(int status, ByteBuf body, long lastByteNanos);

        void failed(String why);
    }

    /**
     * The servers' headers are not checked (a viewer does not judge them; the ITs do): validation and
     * the default 8 KB content pieces would cost more than reading a part does.
     */
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false))
            .setMaxChunkSize(64 * 1024);

    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final String host;
    private final long timeoutNanos;
    private final Runnable onConnect;
    private Channel channel;
    private Exchange current;

    /**
     * @param template a bootstrap with the channel type and options; it is cloned onto the viewer loop's event loop
     * @param onConnect told of every connection made
     */
    ViewerConnection(Bootstrap template, ViewerLoop viewerLoop, InetSocketAddress address, long timeoutNanos,
                     Runnable onConnect) {
        this.onConnect = onConnect;
        this.address = address;
        this.host = address.getHostString() + ":" + address.getPort();
        this.timeoutNanos = timeoutNanos;
        this.bootstrap = template.clone(viewerLoop.loop()).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(DECODER, false, false), new ResponseReader());
            }
        });
        viewerLoop.watch(this);
    }

    boolean busy() {
        return current != null;
    }

    /**
     * Sends {@code GET pathAndQuery}.
     *
     * @param keepBodyBytes 0 to only count the body, else the most body bytes to keep (more is a failure)
     */
    void get(String pathAndQuery, int keepBodyBytes, Listener listener) {
        if (current != null) {
            throw new IllegalStateException("a request is already in flight on " + host);
        }
        Exchange exchange = new Exchange(pathAndQuery, keepBodyBytes, listener, System.nanoTime() + timeoutNanos);
        current = exchange;
        if (channel != null && channel.isActive()) {
            write(exchange);
        } else {
            bootstrap.connect(address).addListener((ChannelFuture connected) -> {
                if (!connected.isSuccess()) {
                    fail(exchange, "connect to " + host + ": " + connected.cause());
                } else if (current != exchange) {
                    connected.channel().close(); // the exchange timed out meanwhile
                } else {
                    onConnect.run();
                    channel = connected.channel();
                    write(exchange);
                }
            });
        }
    }

    /** Fails the request in flight when its answer is overdue; the loop's sweep calls it. */
    void timeOutIfLate(long nowNanos) {
        Exchange exchange = current;
        if (exchange != null && nowNanos - exchange.deadlineNanos >= 0) {
            fail(exchange, "no answer to GET " + exchange.pathAndQuery + " within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
    }

    private void write(Exchange exchange) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                exchange.pathAndQuery, Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, host);
        channel.writeAndFlush(request).addListener((ChannelFuture written) -> {
            if (!written.isSuccess()) {
                fail(exchange, "write GET " + exchange.pathAndQuery + ": " + written.cause());
            }
        });
    }

    private void fail(Exchange exchange, String why) {
        if (current != exchange) {
            return;
        }
        end(exchange);
        // Whatever the server still sends belongs to the failed exchange: start afresh.
        if (channel != null) {
            channel.close();
            channel = null;
        }
        exchange.listener.failed(why);
    }

    private void complete(Exchange exchange, long lastByteNanos) {
        ByteBuf body = exchange.body;
        exchange.body = null; // the listener reads it before it is released
        end(exchange);
        if (!exchange.keepAlive && channel != null) {
            channel.close();
            channel = null;
        }
        try {
            exchange.listener.answered(exchange.status, body, lastByteNanos);
        } finally {
            if (body != null) {
                body.release();
            }
        }
    }

    private void end(Exchange exchange) {
        current = null;
        if (exchange.body != null) {
            exchange.body.release();
            exchange.body = null;
        }
    }

    private static final class Exchange {
        final String pathAndQuery;
        final int keepBodyBytes;
        final Listener listener;
        final long deadlineNanos;
        int status;
        boolean keepAlive;
        ByteBuf body;

        Exchange(String pathAndQuery, int keepBodyBytes, Listener listener, long deadlineNanos) {
            this.pathAndQuery = pathAndQuery;
            this.keepBodyBytes = keepBodyBytes;
            this.listener = listener;
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** Feeds one channel's responses to the exchange in flight. */
    private final class ResponseReader extends SimpleChannelInboundHandler<HttpObject> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            Exchange exchange = current;
            if (exchange == null || ctx.channel() != channel) {
                ctx.close(); // an answer nobody asked for
                return;
            }
            if (msg.decoderResult().isFailure()) {
                fail(exchange, "malformed answer to GET " + exchange.pathAndQuery + ": " + msg.decoderResult().cause());
                return;
            }
            if (msg instanceof HttpResponse response) {
                exchange.status = response.status().code();
                exchange.keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof HttpContent content && !keep(ctx, exchange, content.content())) {
                return;
            }
            if (msg instanceof LastHttpContent) {
                complete(exchange, System.nanoTime());
            }
        }

        private boolean keep(ChannelHandlerContext ctx, Exchange exchange, ByteBuf content) {
            if (exchange.keepBodyBytes == 0 || !content.isReadable()) {
                return true;
            }
            if (exchange.body == null) {
                exchange.body = ctx.alloc().buffer(Math.min(exchange.keepBodyBytes, 16 * 1024));
            }
            if (exchange.body.readableBytes() + content.readableBytes() > exchange.keepBodyBytes) {
                fail(exchange, "answer to GET " + exchange.pathAndQuery + " is larger than "
                        + exchange.keepBodyBytes + " bytes");
                return false;
            }
            exchange.body.writeBytes(content, content.readerIndex(), content.readableBytes());
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                channel = null;
                if (current != null) {
                    fail(current, "connection to " + host + " closed during GET " + current.pathAndQuery);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == channel && current != null) {
                fail(current, "GET " + current.pathAndQuery + ": " + cause);
            } else {
                ctx.close();
            }
        }
    }
}
