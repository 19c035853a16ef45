package com.courtcast.origin.recording;

import static com.courtcast.origin.recording.Fixtures.T0;
import static com.courtcast.origin.recording.Fixtures.bytes;
import static com.courtcast.origin.recording.Fixtures.parts;
import static com.courtcast.origin.recording.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.courtcast.common.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process finds on disk after its predecessor stopped, cleanly or not. */
class RecordingRestartTest {

    @TempDir
    Path root;

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    /** Records segments 0..count-1 and stops without ending, as a crash would. */
    private RecordingSession crashAfter(int count) {
        RecordingSession session = new Recorder(root, io, new SimpleMeterRegistry(), clock).start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(50, 1));
        for (int msn = 0; msn < count; msn++) {
            session.writeSegment(segment(msn, "init-a.mp4", false), parts(msn)).join();
        }
        return session;
    }

    @Test
    void aNewCatalogSeesACleanlyEndedRecording() {
        RecordingSession session = crashAfter(3);
        session.end().join();

        Recording recording = new RecordingCatalog(root).find("court-1", session.recordingId()).orElseThrow();
        assertThat(recording.ended()).isTrue();
        assertThat(recording.segments("720p")).extracting(RecordedSegment::msn).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aTornLastJournalLineIsIgnored() throws Exception {
        RecordingSession session = crashAfter(2);
        Path journal = session.directory().resolve(".journal");
        String whole = new String(Files.readAllBytes(journal), StandardCharsets.US_ASCII);
        String lastLine = whole.substring(whole.lastIndexOf('\n', whole.length() - 2) + 1);
        // The crash hit while segment 2's line was half written (its file is complete).
        Files.write(session.directory().resolve("seg2.m4s"), Fixtures.concat(parts(2)));
        String torn = lastLine.replace("seg1", "seg2").replace("S 1 ", "S 2 ");
        Files.writeString(journal, torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND);

        Recording recording = new RecordingCatalog(root).latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).extracting(RecordedSegment::msn).containsExactly(0L, 1L);
        assertThat(recording.ended()).isFalse();
    }

    @Test
    void aJournalLineWhoseFileIsMissingOrShortIsIgnored() throws Exception {
        RecordingSession session = crashAfter(4);
        Files.delete(session.directory().resolve("seg1.m4s"));
        Files.write(session.directory().resolve("seg2.m4s"), bytes(10, 3));

        RecordingCatalog catalog = new RecordingCatalog(root);
        Recording recording = catalog.latest("court-1").orElseThrow();
        assertThat(recording.segments("720p")).extracting(RecordedSegment::msn).containsExactly(0L, 3L);
        assertThat(catalog.file(recording, "720p", "seg1.m4s")).isEmpty();
    }

    @Test
    void theSameCatalogSeesSegmentsJournaledAfterItLastLooked() {
        RecordingSession session = crashAfter(2);
        RecordingCatalog catalog = new RecordingCatalog(root);
        assertThat(catalog.latest("court-1").orElseThrow().segments("720p")).hasSize(2);

        session.writeSegment(segment(2, "init-a.mp4", false), parts(2)).join();
        assertThat(catalog.latest("court-1").orElseThrow().segments("720p"))
                .extracting(RecordedSegment::msn).containsExactly(0L, 1L, 2L);
        session.end().join();
        assertThat(catalog.latest("court-1").orElseThrow().ended()).isTrue();
    }

    @Test
    void aDamagedLineInTheMiddleIsSkippedAndTheRestKept() throws Exception {
        RecordingSession session = crashAfter(3);
        Path journal = session.directory().resolve(".journal");
        String text = Files.readString(journal, StandardCharsets.US_ASCII);
        Files.writeString(journal, text.replace("S 1 seg1.m4s", "S 1 seg9.m4s"), StandardCharsets.US_ASCII);

        assertThat(new RecordingCatalog(root).latest("court-1").orElseThrow().segments("720p"))
                .extracting(RecordedSegment::msn).containsExactly(0L, 2L);
    }

    @Test
    void finishAbandonedEndsUnfinishedRecordingsSoTheyServeAsCompleteVod() throws Exception {
        RecordingSession crashed = crashAfter(2);
        Path journal = crashed.directory().resolve(".journal");
        // Longer than the line that will replace it, so it must be cut off, not just overwritten.
        Files.writeString(journal, "S 2 seg2.m4s init-a.mp4 2000002 2026-11-27T02:20:02.002Z 0 35",
                StandardOpenOption.APPEND);
        Files.write(crashed.directory().resolve(".seg2.m4s.tmp"), bytes(100, 1));

        clock.advance(Duration.ofHours(1));
        Recorder restarted = new Recorder(root, io, new SimpleMeterRegistry(), clock);
        RecordingSession live = restarted.start("court-1", "720p");
        live.writeInit("init-b.mp4", bytes(50, 2));
        live.writeSegment(segment(0, "init-b.mp4", false), parts(0)).join();

        RecordingCatalog catalog = new RecordingCatalog(root);
        assertThat(catalog.list("court-1")).extracting(Recording::ended).containsExactly(false, false);
        List<Recording> finished = catalog.finishAbandoned(restarted.activeRecordingIds());

        assertThat(finished).extracting(Recording::id).containsExactly(crashed.recordingId());
        assertThat(finished.getFirst().ended()).isTrue();
        assertThat(Fixtures.filesIn(crashed.directory())).doesNotContain(".seg2.m4s.tmp");
        assertThat(Files.readString(journal)).endsWith("\n").doesNotContain("S 2 ").contains("\nE abandoned ");

        // Another restart: the finished recording stays complete, the live one stays live.
        RecordingCatalog later = new RecordingCatalog(root);
        assertThat(later.list("court-1")).extracting(Recording::id, Recording::ended).containsExactly(
                tuple(live.recordingId(), false),
                tuple(crashed.recordingId(), true));
        assertThat(later.find("court-1", crashed.recordingId()).orElseThrow().segments("720p"))
                .extracting(RecordedSegment::msn).containsExactly(0L, 1L);
        assertThat(later.finishAbandoned(Set.of(live.recordingId()))).isEmpty();
    }

    @Test
    void aStreamWithNothingRecordedHasNoRecordings() {
        RecordingCatalog catalog = new RecordingCatalog(root.resolve("never-created"));
        assertThat(catalog.streams()).isEmpty();
        assertThat(catalog.list("court-1")).isEmpty();
        assertThat(catalog.latest("court-1")).isEmpty();
        assertThat(catalog.finishAbandoned(Set.of())).isEmpty();
    }
}
