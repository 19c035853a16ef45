package com.courtcast.origin.live;

import com.courtcast.common.hls.MediaPlaylist;
import com.courtcast.common.hls.Part;
import com.courtcast.common.hls.PlaylistType;
import com.courtcast.common.hls.PreloadHint;
import com.courtcast.common.hls.RenditionReport;
import com.courtcast.common.hls.Segment;
import com.courtcast.common.hls.ServerControl;
import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.MediaPart;
import com.courtcast.common.packaging.SegmentClosed;
import com.courtcast.common.packaging.SegmentOpened;
import com.courtcast.common.packaging.SegmentSink;
import com.courtcast.origin.OriginConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition of a live stream at the origin ("what is stored"): the playlist window, the media
 * it names, the requests waiting for what comes next, and the recording of it all.
 *
 * <p>The packager feeds it through {@link SegmentSink} on its own thread; HTTP handlers read the
 * current {@link PlaylistSnapshot} (one volatile read) and media (a concurrent map) without
 * locking, and park blocking requests here. Every change renders one new snapshot, and the
 * requests it satisfies are answered after the lock is released.
 *
 * <p>Lifecycle of a hearing: publishing, then (encoder gone) a reconnect grace period during
 * which the playlist stays open; a publish within it continues the playlist after a
 * discontinuity, otherwise the playlist ends (EXT-X-ENDLIST) and the recording is closed. A
 * publish after that starts a new hearing: a new window and recording, media sequence numbers
 * still counting up.
 *
 * <p>Storage: parts live in memory only; a segment's bytes are its parts. Once a segment is
 * durably recorded and older than the configured number of memory segments, it is served from
 * the recording instead, and it leaves storage entirely only when it has left the window and
 * been recorded (or recording failed or is off).
 */
public final class LiveRendition implements SegmentSink {

    private static final Logger log = LoggerFactory.getLogger(LiveRendition.class);
    private static final Duration FIRST_SEGMENT_WAIT = Duration.ofSeconds(10);

    private final String stream;
    private final String rendition;
    private final OriginConfig config;
    private final Clock clock;
    private final RecordingSink.Factory recordings;
    private final LiveStreamDirectory.Siblings siblings;
    private final Map<String, MediaObject> media = new ConcurrentHashMap<>();

    // Guarded by this.
    private final ArrayDeque<LiveSegment> window = new ArrayDeque<>();
    private final ArrayDeque<LiveSegment> inMemory = new ArrayDeque<>();
    private final Waiters waiters;
    private InitSegment init;
    private String initName;
    private LiveSegment open;
    private long discontinuitySequence;
    private int targetDuration;
    private double partTargetSeconds;
    private boolean publishing;
    private boolean ended;
    private Instant publishEndedAt;
    private long version;
    /** Parts this rendition ever had: the next part's place in its naming sequence. */
    private long partsProduced;
    private String tag;
    private RecordingSink recording;
    private String recordingId;
    private long peakBitsPerSecond;

    private volatile PlaylistSnapshot snapshot;
    private volatile InitSegment currentInit;

    LiveRendition(String stream, String rendition, OriginConfig config, Clock clock, RecordingSink.Factory recordings,
                  LiveStreamDirectory.Siblings siblings) {
        this.stream = stream;
        this.rendition = rendition;
        this.config = config;
        this.clock = clock;
        this.recordings = recordings;
        this.siblings = siblings;
        this.waiters = new Waiters(config.maxWaitingRequests());
    }

    public String name() {
        return rendition;
    }

    /** The current playlist, or null before the first segment is complete. */
    public PlaylistSnapshot snapshot() {
        return snapshot;
    }

    /** What the multivariant playlist says about this rendition; null before media arrived. */
    public InitSegment info() {
        return currentInit;
    }

    /** Peak segment bitrate over the window, bits per second (BANDWIDTH). */
    public synchronized long peakBitsPerSecond() {
        return peakBitsPerSecond;
    }

    /** Average bitrate over the window, bits per second (AVERAGE-BANDWIDTH). */
    public synchronized long averageBitsPerSecond() {
        long bytes = 0;
        long micros = 0;
        for (LiveSegment segment : window) {
            if (segment.complete) {
                bytes += segment.byteCount;
                micros += segment.durationMicros;
            }
        }
        return micros == 0 ? 0 : bytes * 8_000_000 / micros;
    }

    /** The hearing this rendition is recording now or recorded last. */
    public synchronized String recordingId() {
        return recordingId;
    }

    public Optional<MediaObject> media(String name) {
        return Optional.ofNullable(media.get(name));
    }

    // ---- the packager's side ------------------------------------------------------------------

    @Override
    public synchronized void onInit(InitSegment newInit) {
        if (ended || recording == null) {
            startHearing();
        }
        dropEmptyOpenSegment();
        init = newInit;
        currentInit = newInit;
        initName = MediaNames.init(rendition, newInit.mediaPrefix());
        media.put(initName, MediaObject.InMemory.of(newInit.bytes()));
        recording.writeInit(initName, newInit.bytes());
        publishing = true;
    }

    private void startHearing() {
        if (recording != null) {
            log.info("live {}/{}: a new hearing starts after the last one ended", stream, rendition);
        }
        for (LiveSegment segment : window) {
            segment.outOfWindow = true;
            if (!inMemory.contains(segment)) {
                forget(segment);
            }
        }
        window.clear();
        discontinuitySequence = 0;
        media.keySet().removeIf(name -> name.endsWith(MediaNames.INIT_SUFFIX));
        releaseMemory();
        ended = false;
        snapshot = null;
        version = 0;
        tag = Long.toHexString(clock.millis()) + Integer.toHexString(System.identityHashCode(this));
        recording = config.recording() ? recordings.start(stream, rendition) : RecordingSink.NONE;
        recordingId = recording.recordingId();
        peakBitsPerSecond = 0;
    }

    @Override
    public void onSegmentOpened(SegmentOpened opened) {
        List<Runnable> answers;
        synchronized (this) {
            if (init == null) {
                throw new IllegalStateException("segment " + opened.msn() + " opened before any init segment");
            }
            dropEmptyOpenSegment();
            LiveSegment last = window.peekLast();
            if (last != null && opened.msn() > last.msn + 1) {
                restartWindowAt(opened.msn());
            }
            open = new LiveSegment(opened.msn(), opened.programDateTime(), opened.discontinuity(), opened.independent(),
                    init.mediaPrefix(), initName, MediaNames.segment(rendition, init.mediaPrefix(), opened.msn()));
            window.addLast(open);
            answers = render();
        }
        answers.forEach(Runnable::run);
    }

    @Override
    public void onPart(MediaPart part) {
        List<Runnable> answers;
        synchronized (this) {
            if (open == null || open.msn != part.msn()) {
                throw new IllegalStateException("part " + part.msn() + "." + part.index() + " for a segment not open");
            }
            String name = MediaNames.part(rendition, open.prefix, partsProduced++);
            open.parts.add(new LiveSegment.LivePart(name, part.durationMicros() / 1_000_000.0, part.independent(),
                    part.bytes()));
            open.byteCount += part.bytes().length;
            MediaObject object = MediaObject.InMemory.of(part.bytes());
            media.put(name, object);
            answers = new ArrayList<>(waiters.partArrived(name, object));
            answers.addAll(render());
        }
        answers.forEach(Runnable::run);
    }

    @Override
    public void onSegmentClosed(SegmentClosed closed) {
        List<Runnable> answers;
        synchronized (this) {
            if (open == null || open.msn != closed.msn()) {
                throw new IllegalStateException("segment " + closed.msn() + " closed but not open");
            }
            LiveSegment segment = open;
            open = null;
            segment.complete = true;
            segment.durationMicros = closed.durationMicros();
            segment.programDateTime = closed.programDateTime();
            if (targetDuration == 0) {
                targetDuration = closed.targetDurationSeconds();
                partTargetSeconds = closed.partTargetMicros() / 1_000_000.0;
            }
            if (segment.durationMicros > 0) {
                peakBitsPerSecond = Math.max(peakBitsPerSecond, segment.byteCount * 8_000_000 / segment.durationMicros);
            }
            media.put(segment.name, MediaObject.InMemory.of(segment.partBytes()));
            inMemory.addLast(segment);
            record(segment);
            slideWindow();
            releaseMemory();
            answers = render();
        }
        answers.forEach(Runnable::run);
    }

    @Override
    public void onPublishEnded(String reason) {
        List<Runnable> answers;
        synchronized (this) {
            dropEmptyOpenSegment();
            publishing = false;
            publishEndedAt = clock.instant();
            answers = new ArrayList<>(waiters.partsGone());
            answers.addAll(render());
        }
        log.info("live {}/{}: publisher gone ({}); the playlist stays open for {} s", stream, rendition, reason,
                config.reconnectGrace().toSeconds());
        answers.forEach(Runnable::run);
    }

    /**
     * A playlist numbers its segments consecutively from EXT-X-MEDIA-SEQUENCE, so a rendition that
     * skipped numbers (a ladder rung restarting after it was shed, numbered like the source again)
     * cannot keep its older segments listed: the window starts over at the new segment, as if the
     * older ones had slid out of it, and players reload into the new numbering.
     */
    private void restartWindowAt(long msn) {
        log.info("live {}/{}: segments {} to {} were not produced; the playlist continues at {}", stream, rendition,
                window.peekLast().msn + 1, msn - 1, msn);
        for (LiveSegment leaving : window) {
            if (leaving.discontinuity) {
                discontinuitySequence++;
            }
            leaving.outOfWindow = true;
            if (!inMemory.contains(leaving)) {
                forget(leaving);
            }
        }
        window.clear();
    }

    private void dropEmptyOpenSegment() {
        if (open != null && open.parts.isEmpty()) {
            window.removeLast();
        }
        open = null;
    }

    private void record(LiveSegment segment) {
        RecordingSink sink = recording;
        sink.writeSegment(segment.name, segment.initName, segment.msn, segment.durationMicros,
                        segment.programDateTime, segment.discontinuity, segment.partBytes())
                .whenComplete((file, failure) -> {
                    synchronized (this) {
                        if (failure == null) {
                            segment.recorded = file;
                        } else {
                            segment.unrecorded = true;
                        }
                        releaseMemory();
                    }
                });
    }

    /** Drops segments past the live window from the playlist (sliding mode). */
    private void slideWindow() {
        if (config.window() == OriginConfig.WindowMode.WHOLE_EVENT) {
            return;
        }
        long windowMicros = config.liveWindow().toNanos() / 1000;
        long listed = 0;
        for (LiveSegment segment : window) {
            listed += segment.durationMicros;
        }
        while (window.size() > 1 && window.peekFirst().complete
                && listed - window.peekFirst().durationMicros >= windowMicros) {
            LiveSegment leaving = window.removeFirst();
            listed -= leaving.durationMicros;
            if (leaving.discontinuity) {
                discontinuitySequence++; // the sequence counts the tag with the segment it precedes
            }
            leaving.outOfWindow = true;
            if (!inMemory.contains(leaving)) {
                forget(leaving); // already served from its recording
            }
        }
    }

    /**
     * Hands segments beyond the newest few over to their recording once it is durable, and
     * forgets segments that left the window once they are recorded or cannot be. A segment
     * whose recording is still being written stays in memory whatever its age.
     */
    private void releaseMemory() {
        int old = inMemory.size() - config.memorySegments();
        for (Iterator<LiveSegment> it = inMemory.iterator(); it.hasNext() && old > 0; old--) {
            LiveSegment segment = it.next();
            for (LiveSegment.LivePart part : segment.parts) {
                media.remove(part.name()); // playlists list parts of the last three target durations only
            }
            if (segment.recorded != null) {
                if (segment.outOfWindow) {
                    media.remove(segment.name);
                } else {
                    media.put(segment.name, new MediaObject.OnDisk(segment.recorded, segment.byteCount));
                }
                it.remove();
            } else if (segment.unrecorded && segment.outOfWindow) {
                media.remove(segment.name);
                it.remove();
            }
        }
    }

    private void forget(LiveSegment segment) {
        for (LiveSegment.LivePart part : segment.parts) {
            media.remove(part.name());
        }
        media.remove(segment.name);
    }

    // ---- the serving side ---------------------------------------------------------------------

    /** Outcome of asking for the playlist. */
    public sealed interface PlaylistAnswer {
        record Now(PlaylistSnapshot snapshot) implements PlaylistAnswer {}
        record Waiting() implements PlaylistAnswer {}
        record Refused(int status, String reason) implements PlaylistAnswer {}
    }

    /**
     * Answers a media playlist request at once, or parks it until the playlist has what it asks
     * for (then {@code answer} runs), or until three target durations passed ({@code timeout}).
     */
    public PlaylistAnswer requestPlaylist(PlaylistRequest request, Consumer<PlaylistSnapshot> answer, Runnable timeout) {
        synchronized (this) {
            PlaylistSnapshot current = snapshot;
            if (current == null) {
                if (ended || (!publishing && init == null)) {
                    return new PlaylistAnswer.Refused(404, "stream has no media yet");
                }
                return park(-1, -1, answer, timeout); // the first segment is on its way
            }
            if (!request.blocking()) {
                return new PlaylistAnswer.Now(current);
            }
            String tooFar = current.tooFarAhead(request.msn(), request.part());
            if (tooFar != null) {
                return new PlaylistAnswer.Refused(400, tooFar);
            }
            if (current.satisfies(request.msn(), request.part())) {
                return new PlaylistAnswer.Now(current);
            }
            return park(request.msn(), request.part(), answer, timeout);
        }
    }

    private PlaylistAnswer park(long msn, int part, Consumer<PlaylistSnapshot> answer, Runnable timeout) {
        if (waiters.full()) {
            return new PlaylistAnswer.Refused(503, "too many waiting requests");
        }
        waiters.add(new Waiters.PlaylistWait(msn, part, clock.instant().plus(blockingLimit()), answer, timeout));
        return new PlaylistAnswer.Waiting();
    }

    /**
     * 6.2.5.2: a server that cannot answer within three target durations answers 503. Before the
     * first segment the target duration is not known yet; a long first GOP may take a while.
     */
    private Duration blockingLimit() {
        return targetDuration > 0 ? Duration.ofSeconds(3L * targetDuration) : FIRST_SEGMENT_WAIT;
    }

    /** Outcome of asking for a media file. */
    public sealed interface MediaAnswer {
        record Now(MediaObject object) implements MediaAnswer {}
        record Waiting() implements MediaAnswer {}
        record NotFound() implements MediaAnswer {}
    }

    /**
     * Answers a media request at once, or (for the part the playlist hints at next) parks it until
     * that part is complete.
     */
    public MediaAnswer requestMedia(String name, Consumer<MediaObject> answer, Runnable gone) {
        MediaObject object = media.get(name);
        if (object != null) {
            return new MediaAnswer.Now(object);
        }
        synchronized (this) {
            object = media.get(name);
            if (object != null) {
                return new MediaAnswer.Now(object);
            }
            if (!name.equals(nextPartName()) || waiters.full()) {
                return new MediaAnswer.NotFound();
            }
            waiters.add(new Waiters.PartWait(name, clock.instant().plus(blockingLimit()), answer, gone));
            return new MediaAnswer.Waiting();
        }
    }

    /** Runs the periodic duties: requests past their limit, and the end of a hearing after the grace period. */
    public void tick() {
        List<Runnable> answers;
        synchronized (this) {
            Instant now = clock.instant();
            answers = new ArrayList<>();
            if (!publishing && !ended && publishEndedAt != null
                    && !now.isBefore(publishEndedAt.plus(config.reconnectGrace()))) {
                ended = true;
                if (recording != null) {
                    recording.end();
                }
                answers.addAll(waiters.partsGone());
                answers.addAll(render());
                log.info("live {}/{}: no publisher for {} s, the hearing has ended", stream, rendition,
                        config.reconnectGrace().toSeconds());
            }
            answers.addAll(waiters.expired(now));
        }
        answers.forEach(Runnable::run);
    }

    public synchronized int waitingRequests() {
        return waiters.size();
    }

    public synchronized boolean ended() {
        return ended;
    }

    /** The name of the part the playlist hints at next, or null when nothing is coming. */
    private String nextPartName() {
        if (!publishing || ended || init == null) {
            return null;
        }
        if (open != null) {
            return MediaNames.part(rendition, open.prefix, partsProduced);
        }
        return window.isEmpty() ? null : MediaNames.part(rendition, init.mediaPrefix(), partsProduced);
    }

    /** Renders a new snapshot (once the target duration is known) and collects the answers it allows. */
    private List<Runnable> render() {
        if (targetDuration == 0) {
            return List.of();
        }
        List<Segment> segments = new ArrayList<>(window.size());
        boolean allIndependent = true;
        for (LiveSegment segment : window) {
            List<Part> parts = new ArrayList<>(segment.parts.size());
            for (LiveSegment.LivePart part : segment.parts) {
                parts.add(new Part(part.name(), part.durationSeconds(), part.independent()));
            }
            segments.add(new Segment(segment.complete ? segment.name : null, segment.durationSeconds(),
                    segment.discontinuity, segment.programDateTime, segment.initName, parts));
            allIndependent &= segment.independent;
        }
        String hint = nextPartName();
        double canSkipUntil = skipBoundary();
        MediaPlaylist playlist = MediaPlaylist.builder()
                .targetDuration(targetDuration)
                .mediaSequence(window.isEmpty() ? 0 : window.peekFirst().msn)
                .discontinuitySequence(discontinuitySequence)
                .playlistType(config.window() == OriginConfig.WindowMode.WHOLE_EVENT ? PlaylistType.EVENT : PlaylistType.NONE)
                .independentSegments(allIndependent)
                .partTarget(partTargetSeconds)
                .serverControl(new ServerControl(true, 3 * partTargetSeconds, 3.0 * targetDuration, canSkipUntil))
                .segments(segments)
                .preloadHint(hint == null ? null : new PreloadHint(hint))
                .renditionReports(ended ? List.of() : siblings.reportsFor(rendition))
                .endList(ended)
                .build();
        PlaylistSnapshot next = new PlaylistSnapshot(playlist, ++version, tag);
        snapshot = next;
        return waiters.satisfiedBy(next);
    }

    /**
     * Delta updates pay off only for long playlists: offered (CAN-SKIP-UNTIL, at least six target
     * durations as 4.4.3.8 requires) when the window can reach two minutes.
     */
    private double skipBoundary() {
        boolean longWindow = config.window() == OriginConfig.WindowMode.WHOLE_EVENT
                || config.liveWindow().compareTo(Duration.ofMinutes(2)) >= 0;
        return longWindow ? Math.max(6.0 * targetDuration, 12.0) : 0;
    }

    /** This rendition's position for the other renditions' EXT-X-RENDITION-REPORT. */
    RenditionReport report() {
        PlaylistSnapshot current = snapshot;
        if (current == null || current.playlist().lastPartIndex() < 0) {
            return null;
        }
        return new RenditionReport(MediaNames.playlist(rendition), current.playlist().lastMsn(),
                current.playlist().lastPartIndex());
    }
}
