package com.courtcast.origin.live;

import com.courtcast.common.hls.MultivariantPlaylist;
import com.courtcast.common.hls.PlaylistWriter;
import com.courtcast.common.hls.RenditionReport;
import com.courtcast.common.hls.Variant;
import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.SegmentSink;
import com.courtcast.origin.OriginConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live stream the origin serves, by public name, each with its renditions: where packagers
 * get their {@link SegmentSink} and HTTP handlers find playlists and media.
 */
public final class LiveStreamDirectory {

    /** What a rendition needs from its siblings: their positions for EXT-X-RENDITION-REPORT. */
    interface Siblings {
        List<RenditionReport> reportsFor(String rendition);
    }

    private final OriginConfig config;
    private final Clock clock;
    private final RecordingSink.Factory recordings;
    private final Map<String, Map<String, LiveRendition>> streams = new ConcurrentHashMap<>();
    /** "stream/rendition" of renditions their producer has stopped making (a shed ladder rung). */
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();

    public LiveStreamDirectory(OriginConfig config, Clock clock, RecordingSink.Factory recordings) {
        this.config = config;
        this.clock = clock;
        this.recordings = recordings;
    }

    /** The sink a packager of this stream's rendition writes to (the same one for every publish). */
    public SegmentSink sink(String stream, String rendition) {
        if (!MediaNames.isValidRendition(rendition)) {
            throw new IllegalArgumentException("bad rendition name " + rendition);
        }
        Map<String, LiveRendition> renditions = streams.computeIfAbsent(stream, name -> new ConcurrentHashMap<>());
        return renditions.computeIfAbsent(rendition, name -> new LiveRendition(stream, name, config, clock, recordings,
                self -> reports(renditions, self)));
    }

    private static List<RenditionReport> reports(Map<String, LiveRendition> renditions, String self) {
        List<RenditionReport> reports = new ArrayList<>(renditions.size());
        for (LiveRendition other : renditions.values()) {
            if (!other.name().equals(self)) {
                RenditionReport report = other.report();
                if (report != null) {
                    reports.add(report);
                }
            }
        }
        reports.sort((a, b) -> a.uri().compareTo(b.uri()));
        return reports;
    }

    /**
     * Whether a rendition is being produced. One that is not (a ladder rung shed because the
     * transcoder fell behind) leaves the multivariant playlist until it is produced again; its
     * media playlist stays, so players already on it move to another rendition in their own time.
     */
    public void setProduced(String stream, String rendition, boolean producing) {
        if (producing) {
            withdrawn.remove(stream + "/" + rendition);
        } else {
            withdrawn.add(stream + "/" + rendition);
        }
    }

    public Optional<LiveRendition> rendition(String stream, String rendition) {
        Map<String, LiveRendition> renditions = streams.get(stream);
        return renditions == null ? Optional.empty() : Optional.ofNullable(renditions.get(rendition));
    }

    public Collection<LiveRendition> renditions(String stream) {
        Map<String, LiveRendition> renditions = streams.get(stream);
        return renditions == null ? List.of() : List.copyOf(renditions.values());
    }

    /**
     * The multivariant playlist of a stream: every rendition being produced that has a playlist,
     * highest bandwidth first, with measured bitrates; null when no rendition has one yet.
     */
    public String multivariant(String stream) {
        List<Variant> variants = new ArrayList<>();
        for (LiveRendition rendition : renditions(stream)) {
            InitSegment info = rendition.info();
            if (rendition.snapshot() == null || info == null || withdrawn.contains(stream + "/" + rendition.name())) {
                continue;
            }
            long peak = Math.max(1, rendition.peakBitsPerSecond());
            long average = rendition.averageBitsPerSecond();
            boolean video = info.width() > 0;
            variants.add(new Variant(MediaNames.playlist(rendition.name()), peak, average > 0 ? average : null,
                    info.codecs(), video ? info.width() : null, video ? info.height() : null,
                    video && info.frameRate() > 0 ? info.frameRate() : null, rendition.name()));
        }
        if (variants.isEmpty()) {
            return null;
        }
        variants.sort((a, b) -> Long.compare(b.bandwidth(), a.bandwidth()));
        return PlaylistWriter.write(new MultivariantPlaylist(false, variants));
    }

    /** Periodic duties of every rendition (request limits, hearings ending). */
    public void tick() {
        for (Map<String, LiveRendition> renditions : streams.values()) {
            for (LiveRendition rendition : renditions.values()) {
                rendition.tick();
            }
        }
    }
}
