package com.courtcast.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Orders a viewer connection's handlers: load accounting, idle timeout, then the HTTP version the
 * viewer speaks, all ending in one {@link EdgeRequestHandler} per HTTP/1.1 connection or per HTTP/2
 * stream (HTTP/2 frames are turned into the same HTTP objects, so one handler serves both).
 * <ul>
 * <li>cleartext: HTTP/1.1, or h2c by prior knowledge or by {@code Upgrade: h2c};</li>
 * <li>with a certificate: TLS, then HTTP/2 or HTTP/1.1 as ALPN agreed.</li>
 * </ul>
 * The idle timeout watches reads only: watching writes too would add a listener to every response.
 */
final class EdgeChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final EdgeConfig config;
    private final LoadMeter load;
    private final SslContext tls;
    private final Supplier<EdgeRequestHandler> handlers;

    EdgeChannelInitializer(EdgeConfig config, LoadMeter load, SslContext tls, Supplier<EdgeRequestHandler> handlers) {
        this.config = config;
        this.load = load;
        this.tls = tls;
        this.handlers = handlers;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast("load", load)
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("idleClose", new IdleClose());
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(ch.alloc()));
            pipeline.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        http2(ctx.pipeline());
                    } else {
                        http1(ctx.pipeline());
                    }
                }
            });
            return;
        }
        HttpServerCodec http = new HttpServerCodec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(), multiplex())
                        : null);
        pipeline.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(http, upgrade, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel h2) {
                http2(h2.pipeline());
            }
        }));
        pipeline.addLast("http1", new Http1Start(upgrade));
    }

    private void http1(ChannelPipeline pipeline) {
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("keepAlive", new HttpServerKeepAliveHandler());
        pipeline.addLast("edge", handlers.get());
    }

    private void http2(ChannelPipeline pipeline) {
        pipeline.addLast("http2", Http2FrameCodecBuilder.forServer().build());
        pipeline.addLast("streams", multiplex());
    }

    private Http2MultiplexHandler multiplex() {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast("http", new Http2StreamFrameToHttpObjectCodec(true));
                stream.pipeline().addLast("edge", handlers.get());
            }
        });
    }

    /**
     * The first HTTP/1.1 message completes the HTTP/1.1 pipeline behind the shared codec. Clients ask
     * for h2c on their first request only, so without that the upgrade handler leaves the pipeline.
     */
    private final class Http1Start extends ChannelInboundHandlerAdapter {

        private final HttpServerUpgradeHandler upgrade;

        Http1Start(HttpServerUpgradeHandler upgrade) {
            this.upgrade = upgrade;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpMessage message) {
                ChannelPipeline pipeline = ctx.pipeline();
                if (!message.headers().contains(HttpHeaderNames.UPGRADE) && pipeline.context(upgrade) != null) {
                    pipeline.remove(upgrade);
                }
                pipeline.addAfter(ctx.name(), "keepAlive", new HttpServerKeepAliveHandler());
                pipeline.addAfter("keepAlive", "edge", handlers.get());
                pipeline.remove(this);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Closes a connection that sent nothing for the idle timeout (HTTP/1.1 handlers skip this while a response is pending). */
    private static final class IdleClose extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.fireUserEventTriggered(evt);
                if (ctx.pipeline().get("edge") == null) {
                    // HTTP/2 (whose streams have their own handlers), or no request yet: nothing is pending.
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
