package com.courtcast.loadtest.rtmp;

import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command exchange of an encoder that publishes, in FFmpeg's order: {@code connect}, then on
 * its {@code _result} {@code releaseStream}, {@code FCPublish} and {@code createStream} together,
 * then {@code publish(key, "live")} on the stream created, then wait for
 * {@code onStatus NetStream.Publish.Start}.
 *
 * <p>States: {@code HANDSHAKING -> CONNECTING -> CREATING_STREAM -> AWAITING_PUBLISH_START ->
 * PUBLISHING}, or {@code FAILED} on an error status, an {@code _error} reply to a call we wait for,
 * or a protocol error. Results of {@code releaseStream} and {@code FCPublish} are not awaited:
 * nginx-rtmp sends none. Pings are answered; acknowledgements are never due, as a publisher reads
 * only a few hundred bytes.
 */
final class PublishSessionHandler extends ChannelInboundHandlerAdapter {

    private enum State { HANDSHAKING, CONNECTING, CREATING_STREAM, AWAITING_PUBLISH_START, PUBLISHING, FAILED }

    private static final double CONNECT = 1;
    private static final double RELEASE_STREAM = 2;
    private static final double FC_PUBLISH = 3;
    private static final double CREATE_STREAM = 4;
    private static final double PUBLISH = 5;
    private static final String FLASH_VERSION = "FMLE/3.0 (compatible; CourtCast bench)";

    private final PublishTarget target;
    private final PublishListener listener;
    private State state = State.HANDSHAKING;
    private int streamId;

    PublishSessionHandler(PublishTarget target, PublishListener listener) {
        this.target = target;
        this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeHandler.COMPLETE && state == State.HANDSHAKING) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("app", target.app());
            properties.put("type", "nonprivate");
            properties.put("flashVer", FLASH_VERSION);
            properties.put("tcUrl", target.tcUrl());
            ctx.writeAndFlush(new RtmpMessage.Command(0, "connect", CONNECT, properties, List.of()));
            state = State.CONNECTING;
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case RtmpMessage.Command command -> onCommand(ctx, command);
            case RtmpMessage.UserControl ping when ping.event() == RtmpMessage.UserControl.PING_REQUEST ->
                    ctx.writeAndFlush(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_RESPONSE, ping.value(), 0));
            case RtmpMessage.Media media -> media.payload().release();
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(ChannelHandlerContext ctx, RtmpMessage.Command command) {
        switch (command.name()) {
            case "_result" -> onResult(ctx, command);
            case "_error" -> {
                double id = command.transactionId();
                if (id == CONNECT || id == CREATE_STREAM || id == PUBLISH) {
                    fail(ctx, "server refused call " + (long) id + ": " + describe(command.argument(0)));
                }
            }
            case "onStatus" -> onStatus(ctx, command.argument(0));
            default -> { } // onBWDone, onFCPublish and the like need no answer
        }
    }

    private void onResult(ChannelHandlerContext ctx, RtmpMessage.Command command) {
        if (state == State.CONNECTING && command.transactionId() == CONNECT) {
            ctx.write(new RtmpMessage.Command(0, "releaseStream", RELEASE_STREAM, null, List.of(target.streamKey())));
            ctx.write(new RtmpMessage.Command(0, "FCPublish", FC_PUBLISH, null, List.of(target.streamKey())));
            ctx.writeAndFlush(new RtmpMessage.Command(0, "createStream", CREATE_STREAM, null, List.of()));
            state = State.CREATING_STREAM;
        } else if (state == State.CREATING_STREAM && command.transactionId() == CREATE_STREAM) {
            if (!(command.argument(0) instanceof Number id) || id.intValue() <= 0) {
                fail(ctx, "createStream answered without a stream id: " + command.arguments());
                return;
            }
            streamId = id.intValue();
            ctx.writeAndFlush(new RtmpMessage.Command(streamId, "publish", PUBLISH, null,
                    List.of(target.streamKey(), "live")));
            state = State.AWAITING_PUBLISH_START;
        }
    }

    private void onStatus(ChannelHandlerContext ctx, Object info) {
        String code = info instanceof Map<?, ?> map && map.get("code") instanceof String c ? c : "";
        String level = info instanceof Map<?, ?> map && map.get("level") instanceof String l ? l : "";
        if (state == State.AWAITING_PUBLISH_START && "NetStream.Publish.Start".equals(code)) {
            state = State.PUBLISHING;
            listener.publishing(streamId);
        } else if ("error".equals(level)) {
            fail(ctx, "server status " + describe(info));
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (state != State.FAILED) {
            state = State.FAILED;
            listener.failed(reason);
        }
        ctx.close();
    }

    private static String describe(Object info) {
        if (info instanceof Map<?, ?> map) {
            return map.get("code") + " (" + map.get("description") + ")";
        }
        return String.valueOf(info);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        fail(ctx, root.toString());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        listener.closed();
        super.channelInactive(ctx);
    }
}
