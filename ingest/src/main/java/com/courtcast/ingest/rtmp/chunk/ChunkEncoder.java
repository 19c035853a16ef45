package com.courtcast.ingest.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits outbound messages into chunks (RTMP spec 5.3): a type 0 header, then type 3 continuation
 * headers every {@code chunkSize} bytes. Outbound traffic is only replies and control messages, so
 * header compression (types 1 and 2) is not worth its state.
 *
 * <p>A Set Chunk Size message is itself sent with the old size; the new size applies to every
 * message after it, as the peer expects.
 */
public final class ChunkEncoder extends MessageToByteEncoder<RawMessage> {

    private static final int TYPE_SET_CHUNK_SIZE = 1;
    private static final int DEFAULT_CHUNK_SIZE = 128;
    private static final long EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;

    private int chunkSize = DEFAULT_CHUNK_SIZE;

    public ChunkEncoder() {
        super(RawMessage.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RawMessage msg, boolean preferDirect) {
        int length = msg.payload().readableBytes();
        int chunks = Math.max(1, (length + chunkSize - 1) / chunkSize);
        return ctx.alloc().ioBuffer(length + 18 + chunks * 8);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RawMessage msg, ByteBuf out) {
        ByteBuf payload = msg.payload();
        long timestamp = msg.timestamp();
        boolean extended = timestamp >= EXTENDED_TIMESTAMP_MARKER;
        int length = payload.readableBytes();

        writeBasicHeader(out, 0, msg.chunkStreamId());
        out.writeMedium((int) (extended ? EXTENDED_TIMESTAMP_MARKER : timestamp));
        out.writeMedium(length);
        out.writeByte(msg.typeId());
        out.writeIntLE(msg.messageStreamId());
        if (extended) {
            out.writeInt((int) timestamp);
        }
        int offset = payload.readerIndex();
        int end = offset + length;
        boolean first = true;
        while (first || offset < end) {
            if (!first) {
                writeBasicHeader(out, 3, msg.chunkStreamId());
                if (extended) {
                    out.writeInt((int) timestamp);
                }
            }
            int piece = Math.min(chunkSize, end - offset);
            out.writeBytes(payload, offset, piece);
            offset += piece;
            first = false;
        }
        if (msg.typeId() == TYPE_SET_CHUNK_SIZE && length >= 4) {
            chunkSize = payload.getInt(payload.readerIndex()) & 0x7FFFFFFF;
        }
    }

    private static void writeBasicHeader(ByteBuf out, int format, int chunkStreamId) {
        if (chunkStreamId < 64) {
            out.writeByte((format << 6) | chunkStreamId);
        } else if (chunkStreamId < 64 + 256) {
            out.writeByte(format << 6);
            out.writeByte(chunkStreamId - 64);
        } else {
            out.writeByte((format << 6) | 1);
            int id = chunkStreamId - 64;
            out.writeByte(id & 0xFF);
            out.writeByte(id >>> 8);
        }
    }
}
