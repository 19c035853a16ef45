package com.courtcast.ingest.rtmp.message;

import com.courtcast.common.media.TrackType;
import com.courtcast.ingest.rtmp.amf.Amf0Encoder;
import com.courtcast.ingest.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Serializes outbound {@link RtmpMessage}s into {@link RawMessage}s for the chunk encoder:
 * protocol and user control on chunk stream 2 with message stream 0 (RTMP spec 5.4), commands and
 * data on chunk stream 3, audio on 4 and video on 6 (the ids librtmp and FFmpeg use).
 */
public final class MessageEncoder extends MessageToMessageEncoder<RtmpMessage> {

    static final int CONTROL_CHUNK_STREAM = 2;
    static final int COMMAND_CHUNK_STREAM = 3;
    static final int AUDIO_CHUNK_STREAM = 4;
    static final int VIDEO_CHUNK_STREAM = 6;

    public MessageEncoder() {
        super(RtmpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage message, List<Object> out) {
        out.add(switch (message) {
            case RtmpMessage.SetChunkSize m -> control(MessageType.SET_CHUNK_SIZE, ctx.alloc().buffer(4).writeInt(m.size()));
            case RtmpMessage.Acknowledgement m ->
                    control(MessageType.ACKNOWLEDGEMENT, ctx.alloc().buffer(4).writeInt((int) m.sequenceNumber()));
            case RtmpMessage.WindowAckSize m ->
                    control(MessageType.WINDOW_ACK_SIZE, ctx.alloc().buffer(4).writeInt((int) m.size()));
            case RtmpMessage.SetPeerBandwidth m -> control(MessageType.SET_PEER_BANDWIDTH,
                    ctx.alloc().buffer(5).writeInt((int) m.size()).writeByte(m.limitType()));
            case RtmpMessage.UserControl m -> control(MessageType.USER_CONTROL, userControlBody(ctx, m));
            case RtmpMessage.Command m -> {
                ByteBuf body = ctx.alloc().buffer(256);
                Amf0Encoder.encodeAll(body, m.name(), m.transactionId(), m.commandObject());
                for (Object argument : m.arguments()) {
                    Amf0Encoder.encode(body, argument);
                }
                yield new RawMessage(COMMAND_CHUNK_STREAM, MessageType.COMMAND_AMF0, 0, m.messageStreamId(), body);
            }
            case RtmpMessage.Data m -> {
                ByteBuf body = ctx.alloc().buffer(256);
                for (Object value : m.values()) {
                    Amf0Encoder.encode(body, value);
                }
                yield new RawMessage(COMMAND_CHUNK_STREAM, MessageType.DATA_AMF0, m.timestamp(), m.messageStreamId(), body);
            }
            case RtmpMessage.Media m -> m.track() == TrackType.AUDIO
                    ? new RawMessage(AUDIO_CHUNK_STREAM, MessageType.AUDIO, m.timestamp(), m.messageStreamId(), m.payload())
                    : new RawMessage(VIDEO_CHUNK_STREAM, MessageType.VIDEO, m.timestamp(), m.messageStreamId(), m.payload());
            case RtmpMessage.Ignored m -> throw new IllegalArgumentException("cannot send message type " + m.typeId());
        });
    }

    private static RawMessage control(int typeId, ByteBuf body) {
        return new RawMessage(CONTROL_CHUNK_STREAM, typeId, 0, 0, body);
    }

    private static ByteBuf userControlBody(ChannelHandlerContext ctx, RtmpMessage.UserControl m) {
        boolean twoValues = m.event() == RtmpMessage.UserControl.SET_BUFFER_LENGTH;
        ByteBuf body = ctx.alloc().buffer(twoValues ? 10 : 6).writeShort(m.event()).writeInt((int) m.value());
        return twoValues ? body.writeInt((int) m.extra()) : body;
    }
}
