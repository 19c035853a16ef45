package com.courtcast.loadtest.rtmp;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The publishers' counters added up.
 *
 * @param publishers publishers started
 * @param published how many the server let publish
 * @param failed how many failed or were disconnected
 * @param videoSent video frames written by all
 * @param audioSent audio frames written by all
 * @param videoDropped video frames dropped by all
 * @param audioDropped audio frames dropped by all
 * @param publishersWithDrops how many publishers dropped at least one frame
 * @param maxLateMillis the load generator's worst delay in writing a due frame
 * @param bytesSent media bytes written by all
 * @param failures failure reasons, each with how many publishers gave it
 */
public record FleetCounts(int publishers, int published, int failed, long videoSent, long audioSent,
                          long videoDropped, long audioDropped, int publishersWithDrops, long maxLateMillis,
                          long bytesSent, Map<String, Long> failures) {

    static FleetCounts of(List<PublisherCounts> counts) {
        return new FleetCounts(
                counts.size(),
                (int) counts.stream().filter(PublisherCounts::published).count(),
                (int) counts.stream().filter(c -> c.failure() != null).count(),
                counts.stream().mapToLong(PublisherCounts::videoSent).sum(),
                counts.stream().mapToLong(PublisherCounts::audioSent).sum(),
                counts.stream().mapToLong(PublisherCounts::videoDropped).sum(),
                counts.stream().mapToLong(PublisherCounts::audioDropped).sum(),
                (int) counts.stream().filter(c -> c.framesDropped() > 0).count(),
                counts.stream().mapToLong(PublisherCounts::maxLateMillis).max().orElse(0),
                counts.stream().mapToLong(PublisherCounts::bytesSent).sum(),
                counts.stream().map(PublisherCounts::failure).filter(f -> f != null)
                        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting())));
    }

    public long framesSent() {
        return videoSent + audioSent;
    }

    public long framesDropped() {
        return videoDropped + audioDropped;
    }
}
