package com.courtcast.ingest.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One whole RTMP message as the chunk layer reassembles (inbound) or splits (outbound) it.
 *
 * @param chunkStreamId the chunk stream it travels on (2 for protocol control, 3+ for the rest)
 * @param typeId the RTMP message type id (1..22)
 * @param timestamp 32-bit unsigned RTMP timestamp in milliseconds
 * @param messageStreamId the NetStream the message belongs to (0 for the NetConnection)
 * @param payload the message body, owned by this message
 */
public final class RawMessage extends DefaultByteBufHolder {

    private final int chunkStreamId;
    private final int typeId;
    private final long timestamp;
    private final int messageStreamId;

    public RawMessage(int chunkStreamId, int typeId, long timestamp, int messageStreamId, ByteBuf payload) {
        super(payload);
        this.chunkStreamId = chunkStreamId;
        this.typeId = typeId;
        this.timestamp = timestamp & 0xFFFFFFFFL;
        this.messageStreamId = messageStreamId;
    }

    public int chunkStreamId() {
        return chunkStreamId;
    }

    public int typeId() {
        return typeId;
    }

    public long timestamp() {
        return timestamp;
    }

    public int messageStreamId() {
        return messageStreamId;
    }

    public ByteBuf payload() {
        return content();
    }

    @Override
    public ByteBufHolder replace(ByteBuf content) {
        return new RawMessage(chunkStreamId, typeId, timestamp, messageStreamId, content);
    }

    @Override
    public String toString() {
        return "RawMessage{csid=" + chunkStreamId + ", type=" + typeId + ", ts=" + timestamp
                + ", msid=" + messageStreamId + ", length=" + content().readableBytes() + '}';
    }
}
