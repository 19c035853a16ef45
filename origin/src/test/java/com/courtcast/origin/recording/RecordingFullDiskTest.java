package com.courtcast.origin.recording;

import static com.courtcast.origin.recording.Fixtures.T0;
import static com.courtcast.origin.recording.Fixtures.bytes;
import static com.courtcast.origin.recording.Fixtures.concat;
import static com.courtcast.origin.recording.Fixtures.parts;
import static com.courtcast.origin.recording.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import com.courtcast.common.testing.ManualExecutor;
import com.courtcast.common.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up and frees again: what fails, what is logged and counted, what stays listed. */
class RecordingFullDiskTest {

    @TempDir
    Path root;

    private final ExecutorService io = Executors.newFixedThreadPool(3);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final FillingDisk disk = new FillingDisk(new DiskStorage(d -> { }));
    private final Fixtures.LogCapture log = new Fixtures.LogCapture(RenditionWriter.class);

    @AfterEach
    void stop() {
        io.shutdownNow();
        log.close();
    }

    /**
     * The real disk, except that while full every data write stops half-way with ENOSPC's message,
     * leaving the partial bytes behind as a real full disk does.
     */
    static final class FillingDisk implements Storage {
        private final Storage disk;
        volatile boolean filesFull;
        volatile boolean journalFull;

        FillingDisk(Storage disk) {
            this.disk = disk;
        }

        void full(boolean full) {
            filesFull = full;
            journalFull = full;
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            disk.createDirectories(dir);
        }

        @Override
        public void writeFile(Path file, List<byte[]> parts) throws IOException {
            if (!filesFull) {
                disk.writeFile(file, parts);
                return;
            }
            byte[] all = concat(parts);
            Files.write(file, Arrays.copyOf(all, all.length / 2));
            throw new IOException("No space left on device");
        }

        @Override
        public void moveAtomically(Path source, Path target) throws IOException {
            disk.moveAtomically(source, target);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            disk.syncDirectory(dir);
        }

        @Override
        public void append(Path file, long offset, byte[] bytes) throws IOException {
            if (!journalFull) {
                disk.append(file, offset, bytes);
                return;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes, 0, bytes.length / 2), offset);
            }
            throw new IOException("No space left on device");
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            disk.deleteIfExists(file);
        }
    }

    private Recorder recorder(RecorderLimits limits, Executor executor) {
        return new Recorder(root, executor, registry, new MutableClock(T0), limits, disk);
    }

    private double failures() {
        return registry.get("courtcast.recording.failures").tag("stream", "court-1").counter().count();
    }

    private static boolean failedWithNoSpace(CompletableFuture<Path> future) {
        return future.isCompletedExceptionally()
                && future.exceptionNow().getMessage().equals("No space left on device");
    }

    @Test
    void aFullDiskFailsThoseSegmentsOnlyAndTheRecordingResumesAfterAGap() throws Exception {
        RecordingSession session = recorder(RecorderLimits.DEFAULTS, io).start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(40, 1));
        session.writeSegment(segment(0, "init-a.mp4", false), parts(0)).join();

        disk.full(true);
        List<CompletableFuture<Path>> lost = List.of(
                session.writeSegment(segment(1, "init-a.mp4", false), parts(1)),
                session.writeSegment(segment(2, "init-a.mp4", false), parts(2)),
                session.writeSegment(segment(3, "init-a.mp4", false), parts(3)));
        CompletableFuture.allOf(lost.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

        assertThat(lost).allMatch(RecordingFullDiskTest::failedWithNoSpace);
        assertThat(failures()).isEqualTo(3);
        assertThat(log.messages(Level.WARN)).singleElement().asString()
                .contains("court-1", "720p", session.recordingId(), "No space left on device");
        assertThat(Fixtures.filesIn(session.directory())).containsExactly(".journal", "init-a.mp4", "seg0.m4s");
        assertThat(new RecordingCatalog(root).latest("court-1").orElseThrow().segments("720p"))
                .containsExactly(segment(0, "init-a.mp4", false));

        disk.full(false);
        session.writeSegment(segment(4, "init-a.mp4", false), parts(4)).join();
        disk.full(true);
        CompletableFuture<Path> alsoLost = session.writeSegment(segment(5, "init-a.mp4", false), parts(5));
        alsoLost.exceptionally(e -> null).join();
        disk.full(false);
        session.writeSegment(segment(6, "init-a.mp4", false), parts(6)).join();
        session.writeSegment(segment(7, "init-a.mp4", false), parts(7)).join();
        session.end().join();

        assertThat(failures()).isEqualTo(4);
        assertThat(log.messages(Level.WARN)).hasSize(2);
        assertThat(log.messages(Level.INFO)).hasSize(2).allMatch(m -> m.contains("writing again"));
        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).containsExactly(
                segment(0, "init-a.mp4", false), segment(4, "init-a.mp4", true),
                segment(6, "init-a.mp4", true), segment(7, "init-a.mp4", false));
        assertThat(recording.ended()).isTrue();
        for (RecordedSegment segment : recording.segments("720p")) {
            assertThat(Files.readAllBytes(session.directory().resolve(segment.fileName())))
                    .isEqualTo(concat(parts(segment.msn())));
        }
    }

    @Test
    void aJournalThatCannotBeAppendedLeavesTheSegmentUnlistedAndItsFileRemoved() {
        RecordingSession session = recorder(RecorderLimits.DEFAULTS, io).start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(40, 1));
        session.writeSegment(segment(0, "init-a.mp4", false), parts(0)).join();

        disk.journalFull = true;
        CompletableFuture<Path> lost = session.writeSegment(segment(1, "init-a.mp4", false), parts(1));
        lost.exceptionally(e -> null).join();
        assertThat(failedWithNoSpace(lost)).isTrue();
        assertThat(Fixtures.filesIn(session.directory())).containsExactly(".journal", "init-a.mp4", "seg0.m4s");
        assertThat(new RecordingCatalog(root).latest("court-1").orElseThrow().segments("720p")).hasSize(1);

        // The half line the failed append left is cut off by the next one.
        disk.journalFull = false;
        session.writeSegment(segment(2, "init-a.mp4", false), parts(2)).join();
        assertThat(new RecordingCatalog(root).latest("court-1").orElseThrow().segments("720p"))
                .containsExactly(segment(0, "init-a.mp4", false), segment(2, "init-a.mp4", true));
    }

    @Test
    void anInitTheDiskRefusedIsWrittenBeforeTheFirstSegmentThatNeedsIt() {
        RecordingSession session = recorder(RecorderLimits.DEFAULTS, io).start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(40, 1));
        session.writeSegment(segment(0, "init-a.mp4", false), parts(0)).join();

        disk.full(true);
        CompletableFuture<Path> init = session.writeInit("init-b.mp4", bytes(40, 2));
        init.exceptionally(e -> null).join();
        assertThat(failedWithNoSpace(init)).isTrue();
        disk.full(false);
        session.writeSegment(segment(1, "init-b.mp4", true), parts(1)).join();

        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).extracting(RecordedSegment::initFileName)
                .containsExactly("init-a.mp4", "init-b.mp4");
        assertThat(new RecordingCatalog(root).file(recording, "720p", "init-b.mp4")).isPresent();
        assertThat(log.messages(Level.WARN)).hasSize(1);
    }

    @Test
    void segmentsPastTheQueueLimitFailAtOnceAndLeaveAGap() {
        ManualExecutor stalled = new ManualExecutor();
        long segmentBytes = concat(parts(0)).length;
        RecordingSession session = recorder(new RecorderLimits(2 * segmentBytes + 100), stalled)
                .start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(40, 1));
        CompletableFuture<Path> first = session.writeSegment(segment(0, "init-a.mp4", false), parts(0));
        CompletableFuture<Path> second = session.writeSegment(segment(1, "init-a.mp4", false), parts(0));
        CompletableFuture<Path> refused = session.writeSegment(segment(2, "init-a.mp4", false), parts(0));

        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat().withMessageContaining("queue");
        assertThat(session.queuedBytes()).isEqualTo(2 * segmentBytes);
        stalled.runAll();
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(session.queuedBytes()).isZero();
        CompletableFuture<Path> after = session.writeSegment(segment(3, "init-a.mp4", false), parts(3));
        stalled.runAll();
        assertThat(after).isCompleted();

        assertThat(failures()).isEqualTo(1);
        assertThat(new RecordingCatalog(root).latest("court-1").orElseThrow().segments("720p"))
                .extracting(RecordedSegment::msn, RecordedSegment::discontinuity)
                .containsExactly(tuple(0L, false),
                        tuple(1L, false),
                        tuple(3L, true));
    }

    @Test
    void aShutDownExecutorFailsWritesInsteadOfLeavingThemPending() {
        io.shutdown();
        RecordingSession session = recorder(RecorderLimits.DEFAULTS, io).start("court-1", "720p");
        CompletableFuture<Path> init = session.writeInit("init-a.mp4", bytes(40, 1));
        assertThat(init).failsWithin(Duration.ZERO).withThrowableThat()
                .havingCause().isInstanceOf(RejectedExecutionException.class);
        assertThat(session.end()).isCompletedExceptionally();
        assertThat(session.queuedBytes()).isZero();
    }
}
