package com.courtcast.origin.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** {@link Storage} on the default file system; every force is timed for the fsync latency meter. */
final class DiskStorage implements Storage {

    private final Consumer<Duration> fsyncLatency;

    DiskStorage(Consumer<Duration> fsyncLatency) {
        this.fsyncLatency = fsyncLatency;
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void writeFile(Path file, List<byte[]> parts) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (byte[] part : parts) {
                ByteBuffer buffer = ByteBuffer.wrap(part);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            force(channel);
        }
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        // Linux lets a directory be opened read-only and fsynced; that is what makes a rename durable.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            force(channel);
        }
    }

    @Override
    public void append(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < offset) {
                throw new IOException(file + " is " + size + " bytes, expected at least " + offset);
            }
            if (size > offset) {
                channel.truncate(offset);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = offset;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            force(channel);
        }
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    private void force(FileChannel channel) throws IOException {
        long start = System.nanoTime();
        channel.force(true);
        fsyncLatency.accept(Duration.ofNanos(System.nanoTime() - start));
    }
}
