package com.courtcast.ingest.rtmp.chunk;

import com.courtcast.ingest.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reassembles RTMP messages from the inbound chunk stream (RTMP spec 5.3).
 *
 * <p>A chunk is decoded only once its header and payload are both buffered, so no per-stream state
 * changes until a whole chunk is in: a partial chunk simply waits for more bytes. Because the payload
 * of one chunk is at most the negotiated chunk size, the bytes held here are bounded by
 * {@link ChunkLimits#maxChunkSize()} plus the partly assembled messages, which
 * {@link ChunkLimits#maxPendingBytes()} bounds.
 *
 * <p>Set Chunk Size and Abort govern the chunking itself, so they are applied here and not passed
 * on; every other message goes downstream as a {@link RawMessage}. A message that fits in one chunk
 * is passed on as a slice of the read buffer (no copy); longer ones are gathered into one buffer.
 *
 * <p>Timestamps follow 5.3.1.2: type 0 carries the absolute time, types 1 and 2 a delta, and a
 * type 3 chunk that starts a new message repeats the stream's last timestamp field (the absolute
 * time when that was a type 0 header, as the spec says and FFmpeg does).
 */
public final class ChunkDecoder extends ByteToMessageDecoder {

    private enum State { DECODING, FAILED }

    private static final int TYPE_SET_CHUNK_SIZE = 1;
    private static final int TYPE_ABORT = 2;
    private static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;
    private static final int[] MESSAGE_HEADER_LENGTH = {11, 7, 3, 0};

    private final ChunkLimits limits;
    private final ChunkStreamTable streams;
    private State state = State.DECODING;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private long pendingBytes;

    public ChunkDecoder(ChunkLimits limits) {
        this.limits = limits;
        this.streams = new ChunkStreamTable(limits.maxChunkStreams());
    }

    /** The chunk size the peer currently uses (128 until it sends Set Chunk Size). */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (decodeChunk(ctx, in, out)) {
                // one chunk per turn until the buffer holds no whole chunk
            }
        } catch (RtmpProtocolException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Decodes one chunk if it is wholly buffered; returns false when more bytes are needed. */
    private boolean decodeChunk(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 1) {
            return false;
        }
        int first = in.getUnsignedByte(start);
        int format = first >>> 6;
        int chunkStreamId = first & 0x3F;
        int basicHeaderLength = 1;
        if (chunkStreamId == 0) {
            if (available < 2) {
                return false;
            }
            chunkStreamId = 64 + in.getUnsignedByte(start + 1);
            basicHeaderLength = 2;
        } else if (chunkStreamId == 1) {
            if (available < 3) {
                return false;
            }
            chunkStreamId = 64 + in.getUnsignedByte(start + 1) + (in.getUnsignedByte(start + 2) << 8);
            basicHeaderLength = 3;
        }
        int headerEnd = start + basicHeaderLength + MESSAGE_HEADER_LENGTH[format];
        if (in.writerIndex() < headerEnd) {
            return false;
        }

        ChunkStream stream = streams.get(chunkStreamId);
        if (stream == null) {
            if (format != 0) {
                throw new RtmpProtocolException("chunk_header", "chunk header type " + format
                        + " on chunk stream " + chunkStreamId + " that never had a type 0 header");
            }
            stream = streams.open(chunkStreamId);
        }
        boolean continuation = stream.remaining > 0;
        if (continuation && format != 3) {
            throw new RtmpProtocolException("chunk_header", "chunk header type " + format
                    + " interrupts an unfinished message on chunk stream " + chunkStreamId);
        }

        int position = start + basicHeaderLength;
        long timestampField = stream.lastTimestampField;
        int messageLength = stream.messageLength;
        int typeId = stream.typeId;
        int messageStreamId = stream.messageStreamId;
        boolean extended = stream.extendedTimestamp;
        if (format <= 2) {
            timestampField = in.getUnsignedMedium(position);
            extended = timestampField == EXTENDED_TIMESTAMP_MARKER;
        }
        if (format <= 1) {
            messageLength = in.getUnsignedMedium(position + 3);
            typeId = in.getUnsignedByte(position + 6);
        }
        if (format == 0) {
            messageStreamId = in.getIntLE(position + 7);
        }
        position = headerEnd;
        if (extended) {
            if (in.writerIndex() < position + 4) {
                return false;
            }
            long extendedValue = in.getUnsignedInt(position);
            if (format == 3 && continuation && extendedValue != stream.extendedTimestampValue) {
                // Some encoders omit the extended timestamp on type 3 continuations although the
                // spec asks for it; those four bytes are then payload.
                extendedValue = -1;
            } else {
                position += 4;
            }
            if (format <= 2) {
                timestampField = extendedValue;
            }
        }

        if (!continuation && messageLength > limits.maxMessageSize()) {
            throw new RtmpProtocolException("message_size", "message length " + messageLength
                    + " on chunk stream " + chunkStreamId + " exceeds the limit of " + limits.maxMessageSize());
        }
        int remaining = continuation ? stream.remaining : messageLength;
        int payloadLength = Math.min(chunkSize, remaining);
        if (in.writerIndex() < position + payloadLength) {
            return false;
        }
        boolean singleChunkMessage = !continuation && payloadLength == messageLength;
        if (!singleChunkMessage && pendingBytes + payloadLength > limits.maxPendingBytes()) {
            throw new RtmpProtocolException("pending_bytes", "partly received messages exceed "
                    + limits.maxPendingBytes() + " bytes");
        }

        // The whole chunk is buffered: commit the header to the stream's state.
        in.readerIndex(position);
        if (!continuation) {
            stream.messageLength = messageLength;
            stream.typeId = typeId;
            stream.messageStreamId = messageStreamId;
            stream.extendedTimestamp = extended;
            if (extended && format <= 2) {
                stream.extendedTimestampValue = timestampField;
            }
            stream.timestamp = format == 0 ? timestampField : (stream.timestamp + timestampField) & 0xFFFFFFFFL;
            stream.lastTimestampField = timestampField;
            stream.remaining = messageLength;
        }

        if (singleChunkMessage) {
            stream.remaining = 0;
            complete(stream, chunkStreamId, in.readRetainedSlice(payloadLength), out);
            return true;
        }
        if (stream.assembly == null) {
            stream.assembly = ctx.alloc().buffer(Math.min(messageLength, 64 * 1024), messageLength);
        }
        stream.assembly.writeBytes(in, payloadLength);
        stream.remaining -= payloadLength;
        pendingBytes += payloadLength;
        if (stream.remaining > 0) {
            return true;
        }
        ByteBuf payload = stream.assembly;
        stream.assembly = null;
        pendingBytes -= payload.readableBytes();
        complete(stream, chunkStreamId, payload, out);
        return true;
    }

    private void complete(ChunkStream stream, int chunkStreamId, ByteBuf payload, List<Object> out) {
        switch (stream.typeId) {
            case TYPE_SET_CHUNK_SIZE -> applySetChunkSize(payload);
            case TYPE_ABORT -> applyAbort(payload);
            default -> out.add(
                    new RawMessage(chunkStreamId, stream.typeId, stream.timestamp, stream.messageStreamId, payload));
        }
    }

    private void applySetChunkSize(ByteBuf payload) {
        try {
            if (payload.readableBytes() < 4) {
                throw new RtmpProtocolException("chunk_size", "Set Chunk Size message of "
                        + payload.readableBytes() + " bytes, expected 4");
            }
            long requested = payload.getUnsignedInt(payload.readerIndex());
            if (requested < 1 || requested > limits.maxChunkSize()) {
                throw new RtmpProtocolException("chunk_size", "Set Chunk Size " + requested
                        + " is outside 1.." + limits.maxChunkSize());
            }
            chunkSize = (int) requested;
        } finally {
            payload.release();
        }
    }

    private void applyAbort(ByteBuf payload) {
        try {
            if (payload.readableBytes() < 4) {
                throw new RtmpProtocolException("chunk_header", "Abort message of "
                        + payload.readableBytes() + " bytes, expected 4");
            }
            long abortedId = payload.getUnsignedInt(payload.readerIndex());
            ChunkStream aborted = abortedId <= Integer.MAX_VALUE ? streams.get((int) abortedId) : null;
            if (aborted != null) {
                pendingBytes -= aborted.discardPartialMessage();
            }
        } finally {
            payload.release();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        streams.releaseAll();
        pendingBytes = 0;
    }
}
