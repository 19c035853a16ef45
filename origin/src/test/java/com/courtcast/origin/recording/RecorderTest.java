package com.courtcast.origin.recording;

import static com.courtcast.origin.recording.Fixtures.T0;
import static com.courtcast.origin.recording.Fixtures.bytes;
import static com.courtcast.origin.recording.Fixtures.concat;
import static com.courtcast.origin.recording.Fixtures.parts;
import static com.courtcast.origin.recording.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

    @TempDir
    Path root;

    private final ExecutorService io = Executors.newFixedThreadPool(4);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private Recorder recorder() {
        return new Recorder(root, io, registry, clock);
    }

    @Test
    void roundTripListsSegmentsInOrderWithTheirTimingAndBytes() throws Exception {
        Recorder recorder = recorder();
        RecordingSession session = recorder.start("court-1", "720p");
        byte[] init = bytes(700, 99);
        session.writeInit("init-a.mp4", init);
        List<RecordedSegment> written = List.of(
                segment(10, "init-a.mp4", false), segment(11, "init-a.mp4", false), segment(12, "init-a.mp4", true));
        List<CompletableFuture<Path>> futures = new ArrayList<>();
        for (RecordedSegment segment : written) {
            futures.add(session.writeSegment(segment, parts(segment.msn())));
        }
        session.end().join();

        for (int i = 0; i < written.size(); i++) {
            Path file = futures.get(i).join();
            assertThat(file).isEqualTo(session.directory().resolve(written.get(i).fileName()));
            assertThat(Files.readAllBytes(file)).isEqualTo(concat(parts(written.get(i).msn())));
        }
        RecordingCatalog catalog = new RecordingCatalog(root);
        List<Recording> recordings = catalog.list("court-1");
        assertThat(recordings).hasSize(1);
        Recording recording = recordings.getFirst();
        assertThat(recording.id()).isEqualTo(session.recordingId()).matches("20261127T021958Z-[0-9a-f]{6}");
        assertThat(recording.startedAt()).isEqualTo(T0);
        assertThat(recording.dir()).isEqualTo(root.resolve("court-1").resolve(session.recordingId()));
        assertThat(recording.ended()).isTrue();
        assertThat(recording.renditions()).containsExactly("720p");
        assertThat(recording.segments("720p")).containsExactlyElementsOf(written);
        assertThat(recording.durationMicros("720p")).isEqualTo(3 * 2_000_000 + 10 + 11 + 12);
        assertThat(Files.readAllBytes(catalog.file(recording, "720p", "init-a.mp4").orElseThrow())).isEqualTo(init);
        assertThat(Files.readAllBytes(catalog.file(recording, "720p", "seg11.m4s").orElseThrow()))
                .isEqualTo(concat(parts(11)));

        assertThat(registry.get("courtcast.recording.segments").tag("stream", "court-1").counter().count())
                .isEqualTo(3);
        long bytes = init.length + written.stream().mapToLong(s -> concat(parts(s.msn())).length).sum();
        assertThat(registry.get("courtcast.recording.bytes").tag("stream", "court-1").counter().count())
                .isEqualTo(bytes);
        assertThat(registry.get("courtcast.recording.fsync").timer().count()).isGreaterThanOrEqualTo(3 * 3);
        assertThat(registry.get("courtcast.recording.failures").tag("stream", "court-1").counter().count())
                .isZero();
    }

    @Test
    void programDateTimeIsOptional() {
        RecordingSession session = recorder().start("court-1", "audio");
        session.writeInit("init-a.mp4", bytes(10, 1));
        RecordedSegment noClock = new RecordedSegment(0, "s0.m4s", "init-a.mp4", 1_000, null, false);
        session.writeSegment(noClock, List.of(bytes(5, 2))).join();

        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("audio")).containsExactly(noClock);
        assertThat(recording.ended()).isFalse();
    }

    @Test
    void writesCompleteInSubmissionOrderOnAManyThreadedExecutor() {
        Recorder recorder = recorder();
        List<RecordingSession> sessions = List.of(recorder.start("court-1", "1080p"),
                recorder.start("court-1", "720p"), recorder.start("court-1", "480p"));
        List<List<Long>> completed = new ArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (RecordingSession session : sessions) {
            List<Long> order = Collections.synchronizedList(new ArrayList<>());
            completed.add(order);
            all.add(session.writeInit("init-a.mp4", bytes(100, 1)));
        }
        for (long msn = 0; msn < 150; msn++) {
            for (int s = 0; s < sessions.size(); s++) {
                long m = msn;
                List<Long> order = completed.get(s);
                all.add(sessions.get(s).writeSegment(segment(msn, "init-a.mp4", false), List.of(bytes(64, s)))
                        .thenRun(() -> order.add(m)));
            }
        }
        sessions.forEach(s -> all.add(s.end()));
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        List<Long> expected = LongStream.range(0, 150).boxed().toList();
        completed.forEach(order -> assertThat(order).containsExactlyElementsOf(expected));
        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.renditions()).containsExactly("1080p", "480p", "720p");
        for (String rendition : recording.renditions()) {
            assertThat(recording.segments(rendition)).extracting(RecordedSegment::msn).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void renditionsShareARecordingUntilAllHaveEndedThenANewOneStarts() {
        Recorder recorder = recorder();
        RecordingSession video = recorder.start("court-1", "720p");
        RecordingSession audio = recorder.start("court-1", "audio");
        assertThat(audio.recordingId()).isEqualTo(video.recordingId());
        assertThat(recorder.currentRecordingId("court-1")).contains(video.recordingId());
        assertThat(recorder.activeRecordingIds()).containsExactly(video.recordingId());
        assertThatThrownBy(() -> recorder.start("court-1", "720p")).isInstanceOf(IllegalStateException.class);
        for (RecordingSession session : List.of(video, audio)) {
            session.writeInit("init-a.mp4", bytes(10, 1));
            session.writeSegment(segment(0, "init-a.mp4", false), parts(0));
        }
        video.end();
        assertThat(recorder.currentRecordingId("court-1")).contains(video.recordingId());
        audio.end().join();
        video.end().join();
        assertThat(recorder.activeRecordingIds()).isEmpty();

        clock.advance(Duration.ofMinutes(90));
        RecordingSession next = recorder.start("court-1", "720p");
        assertThat(next.recordingId()).isNotEqualTo(video.recordingId()).startsWith("20261127T034958Z-");
        next.writeInit("init-b.mp4", bytes(10, 2));
        next.writeSegment(segment(0, "init-b.mp4", true), parts(0)).join();

        List<Recording> recordings = new RecordingCatalog(root).list("court-1");
        assertThat(recordings).extracting(Recording::id).containsExactly(next.recordingId(), video.recordingId());
        assertThat(recordings).extracting(Recording::ended).containsExactly(false, true);
        assertThat(recordings.get(1).renditions()).containsExactly("720p", "audio");
    }

    @Test
    void aRenditionStartedAgainContinuesAfterADiscontinuity() {
        Recorder recorder = recorder();
        RecordingSession audio = recorder.start("court-1", "audio");
        RecordingSession first = recorder.start("court-1", "720p");
        first.writeInit("init-a.mp4", bytes(10, 1));
        first.writeSegment(segment(0, "init-a.mp4", false), parts(0));
        first.end();

        RecordingSession second = recorder.start("court-1", "720p");
        assertThat(second.recordingId()).isEqualTo(first.recordingId());
        second.writeInit("init-b.mp4", bytes(10, 2));
        // The packager did not flag it; the recorder does, since the earlier session ended before it.
        second.writeSegment(segment(1, "init-b.mp4", false), parts(1)).join();
        assertThat(new RecordingCatalog(root).latest("court-1").orElseThrow().ended()).isFalse();
        second.end().join();
        audio.end().join();

        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).containsExactly(
                segment(0, "init-a.mp4", false), segment(1, "init-b.mp4", true));
        assertThat(recording.ended()).isTrue();
    }

    @Test
    void aSegmentNameUsedTwiceIsRefusedAndTheFirstIsKept() throws Exception {
        RecordingSession session = recorder().start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(10, 1));
        session.writeSegment(segment(0, "init-a.mp4", false), parts(0));
        CompletableFuture<Path> again = session.writeSegment(segment(0, "init-a.mp4", false), parts(5));
        CompletableFuture<Path> initName = session.writeSegment(
                new RecordedSegment(1, "init-a.mp4", "init-a.mp4", 1, T0, false), parts(1));
        session.end().join();

        assertThat(again).failsWithin(Duration.ZERO).withThrowableThat()
                .havingCause().isInstanceOf(FileAlreadyExistsException.class);
        assertThat(initName).failsWithin(Duration.ZERO).withThrowableThat()
                .havingCause().isInstanceOf(FileAlreadyExistsException.class);
        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).containsExactly(segment(0, "init-a.mp4", false));
        assertThat(Files.readAllBytes(session.directory().resolve("seg0.m4s"))).isEqualTo(concat(parts(0)));
    }

    @Test
    void aSegmentWhoseInitWasNeverWrittenIsNotJournaled() {
        RecordingSession session = recorder().start("court-1", "720p");
        CompletableFuture<Path> orphan = session.writeSegment(segment(0, "init-x.mp4", false), parts(0));
        session.writeInit("init-a.mp4", bytes(10, 1));
        session.writeSegment(segment(1, "init-a.mp4", false), parts(1)).join();
        session.end().join();

        assertThat(orphan).isCompletedExceptionally();
        assertThatThrownBy(orphan::join).isInstanceOf(CompletionException.class)
                .hasMessageContaining("init-x.mp4 was never written");
        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).containsExactly(segment(1, "init-a.mp4", true));
        assertThat(Fixtures.filesIn(session.directory())).containsExactly(".journal", "init-a.mp4", "seg1.m4s");
    }

    @Test
    void writesAfterEndFailWithoutThrowing() {
        RecordingSession session = recorder().start("court-1", "720p");
        CompletableFuture<Void> end = session.end();
        assertThat(session.end()).isSameAs(end);
        assertThat(session.writeInit("init-a.mp4", bytes(1, 1))).isCompletedExceptionally();
        assertThat(session.writeSegment(segment(0, "init-a.mp4", false), parts(0))).isCompletedExceptionally();
        end.join();
    }
}
