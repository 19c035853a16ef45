package com.courtcast.origin.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The disk operations a recording needs, each durable when it returns. One seam so tests can make
 * the disk fill up at a chosen moment; production uses {@link DiskStorage}.
 */
interface Storage {

    void createDirectories(Path dir) throws IOException;

    /** Creates or replaces {@code file} with the parts' bytes in order and forces it to the device. */
    void writeFile(Path file, List<byte[]> parts) throws IOException;

    /** Renames within one directory, atomically (a reader sees the old name or the whole new file). */
    void moveAtomically(Path source, Path target) throws IOException;

    /** Forces a directory, making entries created, renamed or removed in it durable. */
    void syncDirectory(Path dir) throws IOException;

    /**
     * Writes {@code bytes} at {@code offset} of {@code file} (created if missing) and forces it. Bytes
     * already past {@code offset} (a torn earlier append) are cut off first; a file shorter than
     * {@code offset} is an error.
     */
    void append(Path file, long offset, byte[] bytes) throws IOException;

    void deleteIfExists(Path file) throws IOException;
}
