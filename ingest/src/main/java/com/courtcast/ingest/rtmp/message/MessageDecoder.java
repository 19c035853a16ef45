package com.courtcast.ingest.rtmp.message;

import com.courtcast.common.media.TrackType;
import com.courtcast.ingest.rtmp.RtmpProtocolException;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfException;
import com.courtcast.ingest.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns reassembled {@link RawMessage}s into typed {@link RtmpMessage}s.
 *
 * <p>Aggregate messages (type 22, a run of FLV tags) are split into their audio, video and data
 * messages here, with their timestamps moved onto the aggregate's timeline (RTMP spec 7.1.6).
 * Media payloads are passed on as slices of the raw payload, never copied.
 */
public final class MessageDecoder extends MessageToMessageDecoder<RawMessage> {

    private static final int FLV_TAG_HEADER = 11;
    private static final int FLV_PREVIOUS_TAG_SIZE = 4;

    private final Amf0Decoder amf;

    public MessageDecoder(Amf0Decoder amf) {
        super(RawMessage.class);
        this.amf = amf;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, RawMessage raw, List<Object> out) {
        ByteBuf payload = raw.payload();
        int streamId = raw.messageStreamId();
        switch (raw.typeId()) {
            case MessageType.AUDIO -> out.add(new RtmpMessage.Media(
                    TrackType.AUDIO, streamId, raw.timestamp(), payload.retainedSlice()));
            case MessageType.VIDEO -> out.add(new RtmpMessage.Media(
                    TrackType.VIDEO, streamId, raw.timestamp(), payload.retainedSlice()));
            case MessageType.COMMAND_AMF0 -> out.add(command(streamId, payload));
            case MessageType.COMMAND_AMF3 -> out.add(command(streamId, skipAmf3FormatByte(payload)));
            case MessageType.DATA_AMF0 -> out.add(new RtmpMessage.Data(streamId, raw.timestamp(), values(payload)));
            case MessageType.DATA_AMF3 -> out.add(
                    new RtmpMessage.Data(streamId, raw.timestamp(), values(skipAmf3FormatByte(payload))));
            case MessageType.ACKNOWLEDGEMENT -> out.add(new RtmpMessage.Acknowledgement(uint32(payload, "Acknowledgement")));
            case MessageType.WINDOW_ACK_SIZE -> out.add(new RtmpMessage.WindowAckSize(uint32(payload, "Window Acknowledgement Size")));
            case MessageType.SET_PEER_BANDWIDTH -> {
                long size = uint32(payload, "Set Peer Bandwidth");
                int limitType = payload.readableBytes() > 4 ? payload.getUnsignedByte(payload.readerIndex() + 4) : 2;
                out.add(new RtmpMessage.SetPeerBandwidth(size, limitType));
            }
            case MessageType.USER_CONTROL -> out.add(userControl(payload));
            case MessageType.AGGREGATE -> splitAggregate(raw, out);
            default -> out.add(new RtmpMessage.Ignored(raw.typeId(), payload.readableBytes()));
        }
    }

    private RtmpMessage.Command command(int streamId, ByteBuf payload) {
        List<Object> values = values(payload);
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new RtmpProtocolException("amf", "command message does not start with a command name");
        }
        double transactionId = values.size() > 1 && values.get(1) instanceof Number n ? n.doubleValue() : 0;
        Object commandObject = values.size() > 2 ? values.get(2) : null;
        List<Object> arguments = values.size() > 3
                ? Collections.unmodifiableList(new ArrayList<>(values.subList(3, values.size())))
                : List.of();
        return new RtmpMessage.Command(streamId, name, transactionId, commandObject, arguments);
    }

    private List<Object> values(ByteBuf payload) {
        try {
            return amf.decodeAll(payload.duplicate());
        } catch (AmfException e) {
            throw new RtmpProtocolException("amf", "malformed AMF: " + e.getMessage());
        }
    }

    private static ByteBuf skipAmf3FormatByte(ByteBuf payload) {
        // An AMF3 command or data message starts with a format byte of 0, then AMF0 values.
        ByteBuf body = payload.duplicate();
        if (body.isReadable() && body.getByte(body.readerIndex()) == 0) {
            body.skipBytes(1);
        }
        return body;
    }

    private static long uint32(ByteBuf payload, String what) {
        if (payload.readableBytes() < 4) {
            throw new RtmpProtocolException("control", what + " message of " + payload.readableBytes()
                    + " bytes, expected 4");
        }
        return payload.getUnsignedInt(payload.readerIndex());
    }

    private static RtmpMessage.UserControl userControl(ByteBuf payload) {
        if (payload.readableBytes() < 2) {
            throw new RtmpProtocolException("control", "User Control message of "
                    + payload.readableBytes() + " bytes");
        }
        int at = payload.readerIndex();
        int event = payload.getUnsignedShort(at);
        long value = payload.readableBytes() >= 6 ? payload.getUnsignedInt(at + 2) : 0;
        long extra = payload.readableBytes() >= 10 ? payload.getUnsignedInt(at + 6) : 0;
        return new RtmpMessage.UserControl(event, value, extra);
    }

    private void splitAggregate(RawMessage raw, List<Object> out) {
        ByteBuf body = raw.payload();
        int position = body.readerIndex();
        int end = body.writerIndex();
        long offset = Long.MIN_VALUE;
        while (position < end) {
            if (end - position < FLV_TAG_HEADER) {
                throw new RtmpProtocolException("aggregate", "aggregate message ends inside a tag header");
            }
            int tagType = body.getUnsignedByte(position) & 0x1F;
            int size = body.getUnsignedMedium(position + 1);
            long timestamp = body.getUnsignedMedium(position + 4) | ((long) body.getUnsignedByte(position + 7) << 24);
            int dataStart = position + FLV_TAG_HEADER;
            if (end - dataStart < size) {
                throw new RtmpProtocolException("aggregate", "aggregate sub-message of " + size
                        + " bytes overruns the aggregate");
            }
            if (offset == Long.MIN_VALUE) {
                offset = raw.timestamp() - timestamp;
            }
            long adjusted = (timestamp + offset) & 0xFFFFFFFFL;
            ByteBuf data = body.slice(dataStart, size);
            switch (tagType) {
                case MessageType.AUDIO -> out.add(new RtmpMessage.Media(
                        TrackType.AUDIO, raw.messageStreamId(), adjusted, data.retainedSlice()));
                case MessageType.VIDEO -> out.add(new RtmpMessage.Media(
                        TrackType.VIDEO, raw.messageStreamId(), adjusted, data.retainedSlice()));
                case MessageType.DATA_AMF0 -> out.add(new RtmpMessage.Data(raw.messageStreamId(), adjusted, values(data)));
                default -> out.add(new RtmpMessage.Ignored(tagType, size));
            }
            position = Math.min(end, dataStart + size + FLV_PREVIOUS_TAG_SIZE);
        }
    }
}
