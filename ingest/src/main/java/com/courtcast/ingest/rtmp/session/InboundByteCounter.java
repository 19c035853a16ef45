package com.courtcast.ingest.rtmp.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts every byte the peer sends, for acknowledgements and the connection's close log line. */
public final class InboundByteCounter extends ChannelInboundHandlerAdapter {

    private long bytes;

    public long bytes() {
        return bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public boolean isSharable() {
        return false;
    }

    /** Finds the counter of a pipeline. */
    public static InboundByteCounter of(ChannelHandlerContext ctx) {
        ChannelHandler handler = ctx.pipeline().get(InboundByteCounter.class);
        return (InboundByteCounter) handler;
    }
}
