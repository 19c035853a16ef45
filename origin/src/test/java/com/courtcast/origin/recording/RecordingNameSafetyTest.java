package com.courtcast.origin.recording;

import static com.courtcast.origin.recording.Fixtures.T0;
import static com.courtcast.origin.recording.Fixtures.bytes;
import static com.courtcast.origin.recording.Fixtures.parts;
import static com.courtcast.origin.recording.Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Names come from encoders and HTTP requests: none may reach outside the recording root. */
class RecordingNameSafetyTest {

    @TempDir
    Path base;

    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    static List<String> hostileNames() {
        return List.of("", ".", "..", "../x", "a/b", "a\\b", "/etc", "/etc/passwd", "..%2f", "a b", "a\nb", "a\0b",
                ".journal", ".hidden", "x".repeat(200), "caf\u00e9", "\u2025");
    }

    private Path root() {
        return base.resolve("recordings");
    }

    private Recording recorded() {
        RecordingSession session = new Recorder(root(), io, new SimpleMeterRegistry(), new MutableClock(T0))
                .start("court-1", "720p");
        session.writeInit("init-a.mp4", bytes(10, 1));
        session.writeSegment(segment(0, "init-a.mp4", false), parts(0));
        session.end().join();
        return new RecordingCatalog(root()).latest("court-1").orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void theRecorderRefusesHostileStreamRenditionAndFileNames(String name) {
        Recorder recorder = new Recorder(root(), io, new SimpleMeterRegistry(), new MutableClock(T0));
        assertThatThrownBy(() -> recorder.start(name, "720p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recorder.start("court-1", name)).isInstanceOf(IllegalArgumentException.class);
        RecordingSession session = recorder.start("court-1", "720p");
        assertThatThrownBy(() -> session.writeInit(name, bytes(1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordedSegment(0, name, "init-a.mp4", 1, T0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordedSegment(0, "seg0.m4s", name, 1, T0, false))
                .isInstanceOf(IllegalArgumentException.class);
        session.end().join();
        assertThat(base.toFile().list()).containsExactly("recordings");
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void theCatalogFindsNothingForHostileNames(String name) {
        Recording recording = recorded();
        RecordingCatalog catalog = new RecordingCatalog(root());
        assertThat(catalog.list(name)).isEmpty();
        assertThat(catalog.latest(name)).isEmpty();
        assertThat(catalog.find(name, recording.id())).isEmpty();
        assertThat(catalog.find("court-1", name)).isEmpty();
        assertThat(catalog.file(recording, name, "seg0.m4s")).isEmpty();
        assertThat(catalog.file(recording, "720p", name)).isEmpty();
        assertThat(catalog.file(recording, "720p", "seg0.m4s")).isPresent();
    }

    @Test
    void onlyFilesTheRecordingListsAreServed() throws Exception {
        Recording recording = recorded();
        RecordingCatalog catalog = new RecordingCatalog(root());
        Path dir = recording.dir().resolve("720p");
        Files.write(dir.resolve("notes.txt"), bytes(5, 5));
        assertThat(catalog.file(recording, "720p", "notes.txt")).isEmpty();
        assertThat(catalog.file(recording, "720p", ".journal")).isEmpty();
        assertThat(catalog.file(recording, "1080p", "seg0.m4s")).isEmpty();
        assertThat(catalog.file(recording, "720p", "seg0.m4s")).contains(dir.resolve("seg0.m4s"));
        assertThat(catalog.file(recording, "720p", "init-a.mp4")).contains(dir.resolve("init-a.mp4"));
    }

    @Test
    void aForgedRecordingCannotPointOutsideTheRoot() throws Exception {
        Recording recording = recorded();
        Path outside = Files.createDirectories(base.resolve("outside/720p"));
        Files.write(outside.resolve("seg0.m4s"), bytes(5, 5));
        Recording forged = new Recording(recording.stream(), recording.id(), base.resolve("outside"), true,
                recording.segmentsByRendition(), recording.startedAt());
        assertThat(new RecordingCatalog(root()).file(forged, "720p", "seg0.m4s"))
                .contains(recording.dir().resolve("720p/seg0.m4s"));

        Recording elsewhere = new Recording("../outside", recording.id(), recording.dir(), true,
                recording.segmentsByRendition(), recording.startedAt());
        assertThat(new RecordingCatalog(root()).file(elsewhere, "720p", "seg0.m4s")).isEmpty();
    }

    @Test
    void aSymlinkPlantedUnderAListedNameIsNotFollowed() throws Exception {
        Recording recording = recorded();
        Path secret = Files.write(base.resolve("secret"), bytes(5, 5));
        Path dir = recording.dir().resolve("720p");
        Files.delete(dir.resolve("seg0.m4s"));
        Files.createSymbolicLink(dir.resolve("seg0.m4s"), secret);
        RecordingCatalog catalog = new RecordingCatalog(root());
        assertThat(catalog.file(recording, "720p", "seg0.m4s")).isEmpty();
        assertThat(catalog.latest("court-1").orElseThrow().segments("720p")).isEmpty();
        assertThat(catalog.streams()).containsExactly("court-1");
    }

    @Test
    void directoriesThatAreNotRecordingsAreIgnored() throws Exception {
        recorded();
        Files.createDirectories(root().resolve("court-1/not-a-recording/720p"));
        Files.createDirectories(root().resolve("court-1/20261399T999999Z-abcdef/720p"));
        Files.createDirectories(root().resolve(".hidden-stream"));
        RecordingCatalog catalog = new RecordingCatalog(root());
        assertThat(catalog.list("court-1")).hasSize(1);
        assertThat(catalog.streams()).containsExactly("court-1");
        assertThat(catalog.find("court-1", "20261399T999999Z-abcdef")).isEmpty();
    }
}
