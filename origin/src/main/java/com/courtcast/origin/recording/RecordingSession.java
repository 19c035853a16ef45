package com.courtcast.origin.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Recording of one rendition of one recording, from {@link Recorder#start} to {@link #end}.
 *
 * <p>Every method returns at once: the disk work is queued on the recorder's io executor and runs
 * in call order for this session. The returned futures complete on that executor, in that order;
 * keep dependent stages short or use the {@code *Async} variants. A failed write fails only its own
 * future; later writes are still attempted, and the first segment journaled after a loss is marked
 * as a discontinuity.
 *
 * <p>Byte arrays handed in are kept, not copied, until written: do not modify them afterwards.
 * Methods are safe to call from several threads, but the order between threads is whichever call
 * comes first.
 */
public final class RecordingSession {

    private final RenditionWriter writer;
    private final long maxQueuedBytes;
    private final Consumer<RecordingSession> onEnd;
    private CompletableFuture<Void> ended;

    RecordingSession(RenditionWriter writer, long maxQueuedBytes, Consumer<RecordingSession> onEnd) {
        this.writer = writer;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onEnd = onEnd;
    }

    public String streamName() {
        return writer.stream();
    }

    public String recordingId() {
        return writer.recordingId();
    }

    public String rendition() {
        return writer.rendition();
    }

    /** {@code root/<stream>/<recordingId>/<rendition>}; it exists once the first write has run. */
    public Path directory() {
        return writer.dir();
    }

    /** Segment bytes queued and not yet written. */
    public long queuedBytes() {
        return writer.queuedBytes();
    }

    public synchronized boolean isEnded() {
        return ended != null;
    }

    /**
     * Queues an fMP4 init segment. Writing the same name again is a no-op. If the write fails the bytes
     * are kept and written again before the first segment that needs them.
     *
     * @param fileName a name unique per publish, {@code [A-Za-z0-9_-][A-Za-z0-9._-]{0,127}}
     * @return completes with the file once it and its journal line are durable
     * @throws IllegalArgumentException for a name outside that pattern
     */
    public synchronized CompletableFuture<Path> writeInit(String fileName, byte[] bytes) {
        Names.requireFileName("init file name", fileName);
        Objects.requireNonNull(bytes, "bytes");
        if (ended != null) {
            return CompletableFuture.failedFuture(endedError());
        }
        return writer.init(fileName, bytes);
    }

    /**
     * Queues a media segment: its parts are written, concatenated, to {@code segment.fileName()}.
     *
     * @return completes with the file once it and its journal line are durable; fails with the
     *     {@link IOException} that stopped it (the disk is full, the queue is full, the name is taken,
     *     its init was never written), or with {@link IllegalStateException} after {@link #end}
     */
    public synchronized CompletableFuture<Path> writeSegment(RecordedSegment segment, List<byte[]> parts) {
        Objects.requireNonNull(segment, "segment");
        List<byte[]> copy = List.copyOf(parts);
        if (ended != null) {
            return CompletableFuture.failedFuture(endedError());
        }
        long size = 0;
        for (byte[] part : copy) {
            size += part.length;
        }
        if (writer.queuedBytes() + size > maxQueuedBytes) {
            IOException full = new IOException("recording queue of stream " + streamName() + " rendition "
                    + rendition() + " is full (" + writer.queuedBytes() + " bytes waiting for the disk); segment "
                    + segment.msn() + " dropped");
            writer.refused(segment, full);
            return CompletableFuture.failedFuture(full);
        }
        return writer.segment(segment, copy, size);
    }

    /**
     * Ends this rendition after everything queued: appends a durable "ended" record. Calling it again
     * returns the same future. Once every rendition of the recording has ended, the next
     * {@link Recorder#start} for the stream begins a new recording.
     */
    public CompletableFuture<Void> end() {
        CompletableFuture<Void> result;
        synchronized (this) {
            if (ended != null) {
                return ended;
            }
            result = writer.end();
            ended = result;
        }
        onEnd.accept(this);
        return result;
    }

    private IllegalStateException endedError() {
        return new IllegalStateException("recording session of stream " + streamName() + " rendition "
                + rendition() + " has ended");
    }
}
