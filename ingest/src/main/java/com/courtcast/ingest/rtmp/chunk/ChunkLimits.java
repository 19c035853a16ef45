package com.courtcast.ingest.rtmp.chunk;

/**
 * Bounds on what one peer may make the chunk layer hold.
 *
 * @param maxChunkSize largest chunk size a peer may announce with Set Chunk Size
 * @param maxMessageSize largest message length a chunk header may announce
 * @param maxChunkStreams how many chunk stream ids one connection may use
 * @param maxPendingBytes bytes of partly received messages held across all chunk streams
 */
public record ChunkLimits(int maxChunkSize, int maxMessageSize, int maxChunkStreams, int maxPendingBytes) {

    /** 2^24: larger chunk sizes are never needed by real encoders (the RTMP maximum is 2^31-1). */
    public static final int DEFAULT_MAX_CHUNK_SIZE = 1 << 24;
    /** A 4K HEVC keyframe stays well under this. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 << 20;
    public static final int DEFAULT_MAX_CHUNK_STREAMS = 64;
    public static final int DEFAULT_MAX_PENDING_BYTES = 32 << 20;

    public static final ChunkLimits DEFAULTS = new ChunkLimits(
            DEFAULT_MAX_CHUNK_SIZE, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_CHUNK_STREAMS, DEFAULT_MAX_PENDING_BYTES);

    public ChunkLimits {
        requirePositive("maxChunkSize", maxChunkSize);
        requirePositive("maxMessageSize", maxMessageSize);
        requirePositive("maxChunkStreams", maxChunkStreams);
        requirePositive("maxPendingBytes", maxPendingBytes);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("ingest.rtmp." + name + " must be > 0, was " + value);
        }
    }
}
