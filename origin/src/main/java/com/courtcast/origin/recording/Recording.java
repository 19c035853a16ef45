package com.courtcast.origin.recording;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One recording as it stands on disk: what its journals list, minus lines whose files are gone.
 *
 * @param stream the stream it recorded
 * @param id its recording id, which sorts by start time
 * @param dir {@code root/<stream>/<id>}
 * @param ended true when every rendition ended cleanly or was closed by
 *     {@link RecordingCatalog#finishAbandoned}; false while it is live, or after a crash until then
 * @param segmentsByRendition each rendition's segments in journal (playback) order, renditions
 *     sorted by name
 * @param startedAt the start time encoded in the id (second precision)
 */
public record Recording(String stream, String id, Path dir, boolean ended,
                        Map<String, List<RecordedSegment>> segmentsByRendition, Instant startedAt) {

    public Recording {
        TreeMap<String, List<RecordedSegment>> copy = new TreeMap<>();
        segmentsByRendition.forEach((rendition, segments) -> copy.put(rendition, List.copyOf(segments)));
        segmentsByRendition = Collections.unmodifiableMap(copy);
    }

    public Set<String> renditions() {
        return segmentsByRendition.keySet();
    }

    /** A rendition's segments; empty for a rendition this recording does not have. */
    public List<RecordedSegment> segments(String rendition) {
        return segmentsByRendition.getOrDefault(rendition, List.of());
    }

    /** Total media duration of a rendition's listed segments. */
    public long durationMicros(String rendition) {
        return segments(rendition).stream().mapToLong(RecordedSegment::durationMicros).sum();
    }
}
