package com.courtcast.ingest.rtmp.chunk;

import io.netty.buffer.ByteBuf;

/** Per chunk stream id state the decoder carries between chunks (RTMP spec 5.3.1.2). */
final class ChunkStream {

    long timestamp;
    /** The last timestamp or delta field read; a type 3 header that starts a message reuses it. */
    long lastTimestampField;
    boolean extendedTimestamp;
    long extendedTimestampValue;
    int messageLength;
    int typeId;
    int messageStreamId;
    /** Bytes of the current message still to come; 0 between messages. */
    int remaining;
    ByteBuf assembly;

    /** Drops a partly received message; returns how many bytes it held. */
    int discardPartialMessage() {
        int held = 0;
        if (assembly != null) {
            held = assembly.readableBytes();
            assembly.release();
            assembly = null;
        }
        remaining = 0;
        return held;
    }
}
