package com.courtcast.loadtest.transcode;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.ingest.flv.DemuxResult;
import com.courtcast.ingest.flv.FlvDemuxer;
import com.courtcast.loadtest.flv.FlvFile;
import com.courtcast.loadtest.flv.FlvTag;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An FLV file turned into what CourtCast's ingest hands the transcoder: the codec configurations
 * and the access units in file (decode) order, by the ingest's own {@link FlvDemuxer}, all in
 * memory before anything is timed. Holds one reference to every unit's payload until {@link #close()}.
 */
final class DemuxedInput implements AutoCloseable {

    private final VideoConfig video;
    private final AacConfig audio;
    private final List<AccessUnit> units;

    private DemuxedInput(VideoConfig video, AacConfig audio, List<AccessUnit> units) {
        this.video = video;
        this.audio = audio;
        this.units = units;
    }

    static DemuxedInput read(Path flv) throws IOException {
        FlvFile file = FlvFile.read(flv);
        FlvDemuxer demuxer = new FlvDemuxer();
        List<AccessUnit> units = new ArrayList<>();
        try {
            for (FlvTag tag : file.configTags()) {
                demux(demuxer, tag, units);
            }
            for (FlvTag tag : file.frames()) {
                demux(demuxer, tag, units);
            }
        } catch (IOException | RuntimeException e) {
            units.forEach(AccessUnit::release);
            throw e;
        }
        VideoConfig video = demuxer.videoConfig().orElse(null);
        if (video == null || units.stream().noneMatch(u -> u.track() == TrackType.VIDEO)) {
            units.forEach(AccessUnit::release);
            throw new IOException(flv + ": no video track with a sequence header");
        }
        return new DemuxedInput(video, demuxer.audioConfig().orElse(null), List.copyOf(units));
    }

    private static void demux(FlvDemuxer demuxer, FlvTag tag, List<AccessUnit> units) throws IOException {
        try {
            switch (demuxer.demux(tag.track(), tag.timestampMillis(), tag.body())) {
                case DemuxResult.FrameResult frame -> units.add(frame.unit());
                case DemuxResult.Unsupported unsupported -> throw new IOException(
                        "the ingest does not take this input: " + unsupported.description());
                case DemuxResult.ConfigResult config -> { }
                case DemuxResult.Ignored ignored -> { }
            }
        } catch (MediaFormatException e) {
            throw new IOException("malformed " + tag.track() + " tag at " + tag.timestampMillis() + " ms: "
                    + e.getMessage(), e);
        }
    }

    VideoConfig video() {
        return video;
    }

    /** The audio configuration, or null when the file has no AAC track. */
    AacConfig audio() {
        return audio;
    }

    /** Audio and video access units in file order (decode order, interleaved by time). */
    List<AccessUnit> units() {
        return units;
    }

    /** The decode time of the first video unit. */
    long firstVideoDts() {
        return units.stream().filter(u -> u.track() == TrackType.VIDEO).mapToLong(AccessUnit::dtsMillis).min()
                .orElseThrow();
    }

    /** Video keyframes. */
    long videoKeyframes() {
        return units.stream().filter(u -> u.track() == TrackType.VIDEO && u.keyframe()).count();
    }

    long videoFrames() {
        return units.stream().filter(u -> u.track() == TrackType.VIDEO).count();
    }

    /** The video's duration: first to last presentation time plus one frame interval. */
    double videoSeconds() {
        long[] pts = units.stream().filter(u -> u.track() == TrackType.VIDEO).mapToLong(AccessUnit::ptsMillis)
                .sorted().toArray();
        double frameMillis = pts.length > 1 ? (double) (pts[pts.length - 1] - pts[0]) / (pts.length - 1) : 0;
        return (pts[pts.length - 1] - pts[0] + frameMillis) / 1000.0;
    }

    @Override
    public void close() {
        units.forEach(AccessUnit::release);
    }
}
