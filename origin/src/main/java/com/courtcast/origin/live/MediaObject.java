package com.courtcast.origin.live;

import java.nio.file.Path;
import java.util.List;

/** One servable media file: in memory (parts, recent segments, init) or in the recording on disk. */
public sealed interface MediaObject {

    long length();

    /** Bytes held in memory as the chunks they were produced in (a segment is its parts). */
    record InMemory(List<byte[]> chunks, long length) implements MediaObject {

        public static InMemory of(byte[] bytes) {
            return new InMemory(List.of(bytes), bytes.length);
        }

        public static InMemory of(List<byte[]> chunks) {
            long length = 0;
            for (byte[] chunk : chunks) {
                length += chunk.length;
            }
            return new InMemory(List.copyOf(chunks), length);
        }
    }

    /** A durable file of the recording. */
    record OnDisk(Path file, long length) implements MediaObject {}
}
