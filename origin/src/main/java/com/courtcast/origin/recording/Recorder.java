package com.courtcast.origin.recording;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Writes live hearings to disk as they are packaged, so they can be served as VOD and survive a
 * restart. The write side of the package; {@link RecordingCatalog} is the read side.
 *
 * <p>A recording is one live event of a stream: the first {@link #start} for a stream opens one,
 * and further starts for other renditions join it, until every session of it has {@link
 * RecordingSession#end ended}. Keeping a session open across an encoder reconnect (a new
 * {@link RecordingSession#writeInit init}, then segments flagged as discontinuities) keeps the
 * reconnect inside the same recording; ending all sessions and starting again makes a new one.
 * Starting a rendition again after its session ended, while the recording is still open, continues
 * that rendition's files with a discontinuity.
 *
 * <p>Nothing here blocks on the disk: {@code start} only reserves names; directories are created by
 * the session's first write on the io executor. Disk work for one session runs in submission
 * order; different sessions run in parallel as far as the executor allows. The executor must run
 * tasks on its own threads (no caller-runs rejection policy, no direct executor), or the caller
 * would do the disk work after all; if it rejects a task (shut down), the queued writes fail.
 *
 * <p>One recorder per root, in one process: recording ids are only unique among the recordings it
 * has open. A process that crashed leaves its recordings unended; the next one lists them with
 * {@code ended=false} until {@link RecordingCatalog#finishAbandoned} closes them. A hearing that
 * goes on after such a restart continues in a new recording.
 */
public final class Recorder {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Executor io;
    private final Clock clock;
    private final RecorderLimits limits;
    private final Storage storage;
    private final RecordingMetrics metrics;
    /** Open recordings by stream name. */
    private final Map<String, OpenRecording> open = new HashMap<>();

    /** One live recording: its id and its renditions' writers and current sessions. */
    private static final class OpenRecording {
        final String id;
        final Map<String, RenditionWriter> writers = new HashMap<>();
        final Map<String, RecordingSession> sessions = new HashMap<>();

        OpenRecording(String id) {
            this.id = id;
        }
    }

    /** A recorder with {@link RecorderLimits#DEFAULTS}. */
    public Recorder(Path root, Executor io, MeterRegistry metrics, Clock clock) {
        this(root, io, metrics, clock, RecorderLimits.DEFAULTS);
    }

    /**
     * @param root directory holding every stream's recordings (created on first write)
     * @param io executor for all disk work; may have several threads, and may be shared
     * @param metrics where the {@code courtcast_recording_*} meters are registered
     * @param clock gives the start time in recording ids
     */
    public Recorder(Path root, Executor io, MeterRegistry metrics, Clock clock, RecorderLimits limits) {
        this(root, io, metrics, clock, limits, new DiskStorage(RecordingMetrics.fsyncTimer(metrics)::record));
    }

    Recorder(Path root, Executor io, MeterRegistry metrics, Clock clock, RecorderLimits limits, Storage storage) {
        this.root = root.toAbsolutePath().normalize();
        this.io = Objects.requireNonNull(io, "io");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.metrics = new RecordingMetrics(Objects.requireNonNull(metrics, "metrics"));
    }

    public Path root() {
        return root;
    }

    /**
     * Starts recording one rendition of a stream, joining the stream's open recording or opening a
     * new one.
     *
     * @param streamName {@code [A-Za-z0-9_-]{1,64}}
     * @param rendition {@code [A-Za-z0-9_-]{1,64}}, e.g. {@code 720p}
     * @throws IllegalArgumentException for a name outside those patterns
     * @throws IllegalStateException if that rendition already has a session that has not ended
     */
    public synchronized RecordingSession start(String streamName, String rendition) {
        Names.requireStream("stream name", streamName);
        Names.requireStream("rendition", rendition);
        OpenRecording recording = open.get(streamName);
        if (recording == null) {
            recording = new OpenRecording(newRecordingId());
            open.put(streamName, recording);
        }
        RecordingSession current = recording.sessions.get(rendition);
        if (current != null && !current.isEnded()) {
            throw new IllegalStateException("stream " + streamName + " rendition " + rendition
                    + " is already being recorded in " + recording.id);
        }
        String id = recording.id;
        RenditionWriter writer = recording.writers.get(rendition);
        if (writer == null) {
            writer = new RenditionWriter(root, streamName, id, rendition, new SerialQueue(io), storage,
                    metrics.stream(streamName), metrics.queuedBytes());
            recording.writers.put(rendition, writer);
        } else {
            writer.reopened();
        }
        RecordingSession session = new RecordingSession(writer, limits.maxQueuedBytesPerSession(), this::ended);
        recording.sessions.put(rendition, session);
        return session;
    }

    /** The id of the stream's open recording, if it has one. */
    public synchronized Optional<String> currentRecordingId(String streamName) {
        OpenRecording recording = open.get(streamName);
        return recording == null ? Optional.empty() : Optional.of(recording.id);
    }

    /** Ids of the recordings open now: what {@link RecordingCatalog#finishAbandoned} must leave alone. */
    public synchronized Set<String> activeRecordingIds() {
        return open.values().stream().map(r -> r.id).collect(Collectors.toUnmodifiableSet());
    }

    private synchronized void ended(RecordingSession session) {
        OpenRecording recording = open.get(session.streamName());
        if (recording == null || !recording.id.equals(session.recordingId())) {
            return;
        }
        recording.sessions.remove(session.rendition(), session);
        if (recording.sessions.values().stream().allMatch(RecordingSession::isEnded)) {
            open.remove(session.streamName());
        }
    }

    private String newRecordingId() {
        String id;
        do {
            id = ID_TIME.format(clock.instant()) + "-"
                    + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        } while (isOpen(id));
        return id;
    }

    private boolean isOpen(String id) {
        return open.values().stream().anyMatch(r -> r.id.equals(id));
    }
}
