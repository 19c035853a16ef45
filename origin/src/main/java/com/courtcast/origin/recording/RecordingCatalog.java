package com.courtcast.origin.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings on disk, read from their journals: the read side for VOD serving and listings.
 *
 * <p>Only what a journal lists is shown, and of that only lines whose files (segment and init) are
 * present with the journaled size, so a crash never surfaces a half-written file. A torn last
 * journal line and lines failing their CRC are skipped.
 *
 * <p>Every method reads the disk: call it off event-loop threads. Parsed journals are cached while
 * the journal and its directory are unchanged (size and modification times), so repeated lookups
 * of an unchanged recording cost a few file attribute reads.
 *
 * <p>Names from requests are untrusted: lookups with a name outside the allowed patterns find
 * nothing rather than throw, and {@link #file} only ever resolves a file listed in the recording.
 */
public final class RecordingCatalog {

    private static final Logger log = LoggerFactory.getLogger(RecordingCatalog.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final int CACHED_RENDITIONS = 1024;

    private final Path root;
    private final Storage storage;
    private final Map<Path, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Cached> eldest) {
            return size() > CACHED_RENDITIONS;
        }
    };

    /** What a rendition's journal says, with files that are gone filtered out. */
    private record RenditionView(List<RecordedSegment> segments, boolean ended) {
    }

    private record Cached(long journalSize, FileTime journalModified, FileTime dirModified, RenditionView view) {
    }

    public RecordingCatalog(Path root) {
        this(root, new DiskStorage(latency -> { }));
    }

    RecordingCatalog(Path root, Storage storage) {
        this.root = root.toAbsolutePath().normalize();
        this.storage = storage;
    }

    /** Streams that have a directory under the root, sorted by name. */
    public List<String> streams() {
        return names(root, Names::isStream, Comparator.naturalOrder());
    }

    /** The stream's recordings, newest first, including one still being recorded. */
    public List<Recording> list(String stream) {
        if (!Names.isStream(stream)) {
            return List.of();
        }
        List<Recording> recordings = new ArrayList<>();
        for (String id : recordingIds(stream)) {
            load(stream, id).ifPresent(recordings::add);
        }
        return List.copyOf(recordings);
    }

    /** The stream's newest recording, which may still be live ({@link Recording#ended()} false). */
    public Optional<Recording> latest(String stream) {
        if (!Names.isStream(stream)) {
            return Optional.empty();
        }
        for (String id : recordingIds(stream)) {
            Optional<Recording> recording = load(stream, id);
            if (recording.isPresent()) {
                return recording;
            }
        }
        return Optional.empty();
    }

    public Optional<Recording> find(String stream, String recordingId) {
        if (!Names.isStream(stream) || startTime(recordingId) == null) {
            return Optional.empty();
        }
        return load(stream, recordingId);
    }

    /**
     * The file to serve for a request, if {@code fileName} is a segment or init segment the recording
     * lists for {@code rendition} and it is a regular file inside the recording's directory. Names
     * with separators, {@code ..}, a leading dot or an absolute path never match.
     */
    public Optional<Path> file(Recording recording, String rendition, String fileName) {
        if (!Names.isStream(recording.stream()) || startTime(recording.id()) == null
                || !Names.isRendition(rendition) || !Names.isFileName(fileName)) {
            return Optional.empty();
        }
        boolean listed = recording.segments(rendition).stream()
                .anyMatch(s -> s.fileName().equals(fileName) || s.initFileName().equals(fileName));
        if (!listed) {
            return Optional.empty();
        }
        // Built from the root, not from recording.dir(): a Recording is a plain record anyone can make.
        Path dir = Names.child(recordingDir(recording.stream(), recording.id()), rendition);
        Path file = Names.child(dir, fileName);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !file.toRealPath().startsWith(root.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /**
     * Marks every recording that is not ended and not in {@code liveRecordingIds} as ended, and
     * removes temporary files its writes left. For a process starting up: its predecessor's
     * unfinished recordings then serve as complete VOD. Call it before the process's recorder
     * starts recording, or with {@link Recorder#activeRecordingIds()} while no {@link Recorder#start}
     * can run: a recording started after that snapshot would be ended under its writer. A recording
     * that cannot be fixed is logged and skipped. It reads and writes the disk synchronously.
     *
     * @param liveRecordingIds recordings still being written (see {@link Recorder#activeRecordingIds()})
     * @return the recordings this call ended
     */
    public List<Recording> finishAbandoned(Set<String> liveRecordingIds) {
        List<Recording> finished = new ArrayList<>();
        for (String stream : streams()) {
            for (String id : recordingIds(stream)) {
                if (liveRecordingIds.contains(id)) {
                    continue;
                }
                try {
                    if (finish(stream, id)) {
                        load(stream, id).ifPresent(finished::add);
                    }
                } catch (IOException | UncheckedIOException e) {
                    log.warn("Could not finish abandoned recording {} of stream {}: {}", id, stream, e.toString());
                }
            }
        }
        if (!finished.isEmpty()) {
            log.info("Finished {} recording(s) left unended by an earlier process: {}", finished.size(),
                    finished.stream().map(r -> r.stream() + "/" + r.id()).toList());
        }
        return List.copyOf(finished);
    }

    private boolean finish(String stream, String id) throws IOException {
        Path recordingDir = recordingDir(stream, id);
        boolean changed = false;
        for (String rendition : names(recordingDir, Names::isRendition, Comparator.naturalOrder())) {
            Path dir = Names.child(recordingDir, rendition);
            sweepTemporaries(dir);
            Path journal = dir.resolve(Journal.FILE_NAME);
            Journal.Contents contents = Journal.read(journal);
            if (belongs(contents.header(), stream, id, rendition) && !contents.ended()) {
                // Written at the end of the last whole line, which also cuts off a torn one.
                storage.append(journal, contents.validLength(),
                        Journal.encode(new Journal.End(Journal.End.ABANDONED)));
                changed = true;
            }
        }
        return changed;
    }

    private void sweepTemporaries(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path temp : entries) {
                storage.deleteIfExists(temp);
            }
        }
    }

    private Optional<Recording> load(String stream, String id) {
        Instant startedAt = startTime(id);
        Path dir = recordingDir(stream, id);
        Map<String, List<RecordedSegment>> segments = new HashMap<>();
        boolean ended = true;
        try {
            for (String rendition : names(dir, Names::isRendition, Comparator.naturalOrder())) {
                RenditionView view = rendition(stream, id, rendition);
                if (view != null) {
                    segments.put(rendition, view.segments());
                    ended &= view.ended();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Skipping recording {} of stream {}: {}", id, stream, e.toString());
            return Optional.empty();
        }
        if (segments.isEmpty()) {
            // Not a recording yet (its first journal is not written) or not ours.
            return Optional.empty();
        }
        return Optional.of(new Recording(stream, id, dir, ended, segments, startedAt));
    }

    private RenditionView rendition(String stream, String id, String rendition) throws IOException {
        Path dir = Names.child(recordingDir(stream, id), rendition);
        Path journal = dir.resolve(Journal.FILE_NAME);
        BasicFileAttributes journalAttributes;
        BasicFileAttributes dirAttributes;
        try {
            journalAttributes = Files.readAttributes(journal, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            dirAttributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!journalAttributes.isRegularFile()) {
            return null;
        }
        synchronized (cache) {
            Cached cached = cache.get(journal);
            if (cached != null && cached.journalSize() == journalAttributes.size()
                    && cached.journalModified().equals(journalAttributes.lastModifiedTime())
                    && cached.dirModified().equals(dirAttributes.lastModifiedTime())) {
                return cached.view();
            }
        }
        RenditionView view = read(dir, Journal.read(journal), stream, id, rendition);
        synchronized (cache) {
            cache.put(journal, new Cached(journalAttributes.size(), journalAttributes.lastModifiedTime(),
                    dirAttributes.lastModifiedTime(), view));
        }
        return view;
    }

    private static RenditionView read(Path dir, Journal.Contents contents, String stream, String id,
                                      String rendition) {
        if (!belongs(contents.header(), stream, id, rendition)) {
            return null;
        }
        if (contents.skippedLines() > 0) {
            log.debug("Journal of {}/{}/{}: {} damaged line(s) skipped", stream, id, rendition,
                    contents.skippedLines());
        }
        Map<String, Boolean> initPresent = new HashMap<>();
        for (Journal.Init init : contents.inits()) {
            initPresent.put(init.fileName(), hasSize(dir.resolve(init.fileName()), init.bytes()));
        }
        List<RecordedSegment> segments = new ArrayList<>();
        for (Journal.Segment line : contents.segments()) {
            RecordedSegment segment = line.segment();
            if (initPresent.getOrDefault(segment.initFileName(), false)
                    && hasSize(dir.resolve(segment.fileName()), line.bytes())) {
                segments.add(segment);
            }
        }
        return new RenditionView(List.copyOf(segments), contents.ended());
    }

    private static boolean belongs(Journal.Header header, String stream, String id, String rendition) {
        return header != null && header.stream().equals(stream) && header.recordingId().equals(id)
                && header.rendition().equals(rendition);
    }

    private static boolean hasSize(Path file, long size) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.size() == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** Recording ids of a stream, newest first. */
    private List<String> recordingIds(String stream) {
        return names(Names.child(root, stream), id -> startTime(id) != null, Comparator.reverseOrder());
    }

    private Path recordingDir(String stream, String id) {
        return Names.child(Names.child(root, stream), id);
    }

    /** Names of the directories in {@code dir} that pass {@code valid}, sorted; none if it does not exist. */
    private static List<String> names(Path dir, Predicate<String> valid, Comparator<String> order) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (valid.test(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        names.sort(order);
        return names;
    }

    /** The start time a recording id encodes, or null if it is not a recording id. */
    private static Instant startTime(String id) {
        if (!Names.isRecordingId(id)) {
            return null;
        }
        try {
            return LocalDateTime.parse(id.substring(0, 16), ID_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
