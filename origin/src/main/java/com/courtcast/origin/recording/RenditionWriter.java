package com.courtcast.origin.recording;

import com.courtcast.origin.recording.RecordingMetrics.StreamMeters;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk side of one rendition of one recording: every write goes through one {@link SerialQueue},
 * so they reach the disk and the journal in submission order, and all fields below the queue are
 * touched by one task at a time.
 *
 * <p>A file is made durable in the order that lets a crash at any point leave either nothing
 * listed or a complete file listed: write a temporary name, force it, rename it into place, force
 * the directory, and only then append and force the journal line. A failed step removes what it
 * left behind where it can; anything that survives (a temporary or an unjournaled file) is never
 * listed, and temporaries are swept at the next start-up.
 *
 * <p>A failed or refused segment marks a gap: the next journaled segment carries the
 * discontinuity flag. Failures are logged once per burst (the first failure after a success), with
 * one line when writes succeed again, and each is counted.
 */
final class RenditionWriter {

    private static final Logger log = LoggerFactory.getLogger(RenditionWriter.class);
    /** Init segments kept for retry while the disk refuses them; a handful of publishes' worth. */
    private static final int MAX_PENDING_INITS = 8;

    private final Path root;
    private final Path dir;
    private final Path journal;
    private final String stream;
    private final String recordingId;
    private final String rendition;
    private final Storage storage;
    private final StreamMeters meters;
    private final AtomicLong totalQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final SerialQueue queue;

    // Confined to the queue's tasks.
    private boolean ready;
    private long journalLength;
    private final Set<String> durableInits = new HashSet<>();
    private final Map<String, byte[]> pendingInits = new LinkedHashMap<>();
    private final Set<String> segmentFiles = new HashSet<>();
    private boolean gapPending;
    private long failuresInBurst;

    RenditionWriter(Path root, String stream, String recordingId, String rendition, SerialQueue queue,
                    Storage storage, StreamMeters meters, AtomicLong totalQueuedBytes) {
        this.root = root;
        this.dir = Names.child(Names.child(Names.child(root, stream), recordingId), rendition);
        this.journal = dir.resolve(Journal.FILE_NAME);
        this.stream = stream;
        this.recordingId = recordingId;
        this.rendition = rendition;
        this.queue = queue;
        this.storage = storage;
        this.meters = meters;
        this.totalQueuedBytes = totalQueuedBytes;
    }

    Path dir() {
        return dir;
    }

    String stream() {
        return stream;
    }

    String recordingId() {
        return recordingId;
    }

    String rendition() {
        return rendition;
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    CompletableFuture<Path> init(String fileName, byte[] bytes) {
        CompletableFuture<Path> done = new CompletableFuture<>();
        submit(done, 0, () -> {
            try {
                ready();
                if (segmentFiles.contains(fileName)) {
                    throw new FileAlreadyExistsException(dir.resolve(fileName).toString(), null,
                            "a segment of this rendition already has that name");
                }
                if (!durableInits.contains(fileName)) {
                    pendingInits.remove(fileName);
                    pendingInits.put(fileName, bytes);
                    while (pendingInits.size() > MAX_PENDING_INITS) {
                        Iterator<String> oldest = pendingInits.keySet().iterator();
                        oldest.next();
                        oldest.remove();
                    }
                    writeInit(fileName);
                }
                succeeded();
                done.complete(dir.resolve(fileName));
            } catch (IOException | RuntimeException e) {
                failed("writing init " + fileName, e, false);
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    CompletableFuture<Path> segment(RecordedSegment segment, List<byte[]> parts, long size) {
        CompletableFuture<Path> done = new CompletableFuture<>();
        submit(done, size, () -> {
            try {
                done.complete(writeSegment(segment, parts, size));
            } catch (IOException | RuntimeException e) {
                failed("writing segment " + segment.msn(), e, true);
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Records a segment refused before it was queued (the queue was full): the caller's future has
     * already failed; this keeps the gap and the failure in order with the writes around it.
     */
    void refused(RecordedSegment segment, Exception why) {
        submit(new CompletableFuture<>(), 0, () -> failed("queueing segment " + segment.msn(), why, true));
    }

    /** A new session on this rendition after an earlier one ended: a player must reset there. */
    void reopened() {
        submit(new CompletableFuture<>(), 0, () -> gapPending = true);
    }

    CompletableFuture<Void> end() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(done, 0, () -> {
            try {
                ready();
                appendJournal(new Journal.End(Journal.End.CLEAN));
                succeeded();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                failed("ending", e, false);
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void submit(CompletableFuture<?> done, long size, Runnable work) {
        queuedBytes.addAndGet(size);
        totalQueuedBytes.addAndGet(size);
        queue.submit(new SerialQueue.Task() {
            @Override
            public void run() {
                try {
                    work.run();
                } finally {
                    release(size);
                }
            }

            @Override
            public void reject(Throwable cause) {
                release(size);
                done.completeExceptionally(cause);
            }
        });
    }

    private void release(long size) {
        queuedBytes.addAndGet(-size);
        totalQueuedBytes.addAndGet(-size);
    }

    private Path writeSegment(RecordedSegment segment, List<byte[]> parts, long size) throws IOException {
        ready();
        String name = segment.fileName();
        if (segmentFiles.contains(name) || durableInits.contains(name) || pendingInits.containsKey(name)) {
            // Renaming over it would replace a segment the journal already lists.
            throw new FileAlreadyExistsException(dir.resolve(name).toString(), null,
                    "this rendition of the recording already has a file of that name");
        }
        String init = segment.initFileName();
        if (!durableInits.contains(init)) {
            if (!pendingInits.containsKey(init)) {
                throw new IOException("init segment " + init + " was never written to this recording");
            }
            // It failed earlier; the disk may have room now. A segment is never journaled before its init.
            writeInit(init);
        }
        Path path = writeDurably(name, parts);
        RecordedSegment journaled = gapPending ? segment.withDiscontinuity() : segment;
        try {
            appendJournal(new Journal.Segment(journaled, size));
        } catch (IOException e) {
            deleteQuietly(path);
            throw e;
        }
        segmentFiles.add(name);
        gapPending = false;
        meters.bytes().increment(size);
        meters.segments().increment();
        succeeded();
        return path;
    }

    private void writeInit(String fileName) throws IOException {
        byte[] bytes = pendingInits.get(fileName);
        Path path = writeDurably(fileName, List.of(bytes));
        try {
            appendJournal(new Journal.Init(fileName, bytes.length));
        } catch (IOException e) {
            deleteQuietly(path);
            throw e;
        }
        pendingInits.remove(fileName);
        durableInits.add(fileName);
        meters.bytes().increment(bytes.length);
    }

    /** Temp file, force, atomic rename, directory force; on failure removes what it can. */
    private Path writeDurably(String fileName, List<byte[]> parts) throws IOException {
        Path target = Names.child(dir, fileName);
        Path temp = Names.child(dir, "." + fileName + ".tmp");
        boolean renamed = false;
        try {
            storage.writeFile(temp, parts);
            storage.moveAtomically(temp, target);
            renamed = true;
            storage.syncDirectory(dir);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(renamed ? target : temp);
            throw e;
        }
    }

    private void appendJournal(Journal.Entry entry) throws IOException {
        byte[] line = Journal.encode(entry);
        // A failed append may leave part of the line; the next append cuts it off (it writes at journalLength).
        storage.append(journal, journalLength, line);
        journalLength += line.length;
    }

    /** Creates the directories and the journal, or picks up the journal an earlier session left. */
    private void ready() throws IOException {
        if (ready) {
            return;
        }
        storage.createDirectories(dir);
        Journal.Contents existing = Journal.read(journal);
        journalLength = existing.validLength();
        if (existing.header() == null) {
            journalLength = 0;
            appendJournal(new Journal.Header(stream, recordingId, rendition));
        } else {
            existing.inits().forEach(i -> durableInits.add(i.fileName()));
            existing.segments().forEach(s -> segmentFiles.add(s.segment().fileName()));
        }
        // Make every level's new entry durable: the journal, the rendition, the recording, the stream.
        for (Path level = dir; level.startsWith(root); level = level.getParent()) {
            storage.syncDirectory(level);
            if (level.equals(root)) {
                break;
            }
        }
        ready = true;
    }

    private void failed(String what, Exception cause, boolean losesMedia) {
        meters.failures().increment();
        if (losesMedia) {
            gapPending = true;
        }
        if (failuresInBurst++ == 0) {
            log.warn("Recording {} of stream {} rendition {}: {} failed ({}); writes keep being tried, "
                            + "the recording has a gap until one succeeds",
                    recordingId, stream, rendition, what, cause.toString());
        }
    }

    private void succeeded() {
        if (failuresInBurst > 0) {
            log.info("Recording {} of stream {} rendition {}: writing again after {} failed write(s)",
                    recordingId, stream, rendition, failuresInBurst);
            failuresInBurst = 0;
        }
    }

    private void deleteQuietly(Path file) {
        try {
            storage.deleteIfExists(file);
        } catch (IOException e) {
            // Unlisted either way (only the journal lists files); start-up sweeps leftover temporaries.
            log.debug("Could not remove {}: {}", file, e.toString());
        }
    }
}
