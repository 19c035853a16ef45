package com.courtcast.ingest.rtmp.session;

import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Answers the protocol and user control messages that need no session state: acknowledges the
 * peer's bytes once per window it asked for (RTMP spec 5.4.3), and answers pings. Everything else
 * is passed on.
 */
public final class ProtocolControlHandler extends SimpleChannelInboundHandler<RtmpMessage> {

    private final InboundByteCounter counter;
    private long acknowledgementWindow;
    private long acknowledgedBytes;

    public ProtocolControlHandler(InboundByteCounter counter) {
        super(RtmpMessage.class, false);
        this.counter = counter;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
        switch (message) {
            case RtmpMessage.WindowAckSize w -> acknowledgementWindow = w.size();
            case RtmpMessage.Acknowledgement ignored -> { }
            case RtmpMessage.SetPeerBandwidth ignored -> { }
            case RtmpMessage.UserControl u when u.event() == RtmpMessage.UserControl.PING_REQUEST ->
                    ctx.writeAndFlush(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_RESPONSE, u.value(), 0));
            case RtmpMessage.UserControl ignored -> { }
            default -> ctx.fireChannelRead(message);
        }
        acknowledgeIfDue(ctx);
    }

    private void acknowledgeIfDue(ChannelHandlerContext ctx) {
        if (acknowledgementWindow <= 0) {
            return;
        }
        long received = counter.bytes();
        if (received - acknowledgedBytes >= acknowledgementWindow) {
            acknowledgedBytes = received;
            ctx.writeAndFlush(new RtmpMessage.Acknowledgement(received & 0xFFFFFFFFL));
        }
    }
}
