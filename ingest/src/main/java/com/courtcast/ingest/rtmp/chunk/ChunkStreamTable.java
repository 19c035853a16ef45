package com.courtcast.ingest.rtmp.chunk;

import com.courtcast.ingest.rtmp.RtmpProtocolException;
import java.util.HashMap;
import java.util.Map;

/** The chunk streams one connection has opened, bounded so a peer cannot make us track 65,599. */
final class ChunkStreamTable {

    private static final int FAST_SLOTS = 64;

    private final int maxStreams;
    // Encoders use chunk stream ids 2..10; a plain array serves those without hashing.
    private final ChunkStream[] fast = new ChunkStream[FAST_SLOTS];
    private final Map<Integer, ChunkStream> others = new HashMap<>();
    private int count;

    ChunkStreamTable(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    ChunkStream get(int chunkStreamId) {
        return chunkStreamId < FAST_SLOTS ? fast[chunkStreamId] : others.get(chunkStreamId);
    }

    ChunkStream open(int chunkStreamId) {
        if (count >= maxStreams) {
            throw new RtmpProtocolException("chunk_streams", "more than " + maxStreams
                    + " chunk streams opened on one connection");
        }
        ChunkStream stream = new ChunkStream();
        if (chunkStreamId < FAST_SLOTS) {
            fast[chunkStreamId] = stream;
        } else {
            others.put(chunkStreamId, stream);
        }
        count++;
        return stream;
    }

    void releaseAll() {
        for (ChunkStream stream : fast) {
            if (stream != null) {
                stream.discardPartialMessage();
            }
        }
        others.values().forEach(ChunkStream::discardPartialMessage);
    }
}
