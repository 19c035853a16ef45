package com.courtcast.transcoder.packager;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.MediaPart;
import com.courtcast.common.packaging.SegmentClosed;
import com.courtcast.common.packaging.SegmentOpened;
import com.courtcast.common.packaging.SegmentSink;
import com.courtcast.transcoder.cmaf.FragmentWriter;
import com.courtcast.transcoder.cmaf.InitSegmentWriter;
import com.courtcast.transcoder.cmaf.TrackFragment;
import com.courtcast.transcoder.cmaf.TrackSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packages one rendition of a live stream into LL-HLS fMP4 parts and segments.
 *
 * <p>Audio and video are muxed into one fMP4 file per part. Both hls.js and Safari play muxed
 * fMP4, and one file per part means a low-latency viewer makes one blocking playlist request
 * and one part request per part instead of two of each; audio and video parts also can never
 * drift apart in availability, which separate audio renditions suffer from at part granularity.
 * The cost, audio repeated in every ladder rung, is ~100 kbit/s per rung.
 *
 * <p>An "epoch" runs from an init segment to the next: a publish, or the part of one between codec
 * configuration changes. Each epoch gets a fresh random media prefix, so no cache can ever serve
 * an earlier publish's media under the same name, and its first segment is a discontinuity
 * unless it is the rendition's very first. Media sequence numbers keep counting across epochs.
 *
 * <p>Video samples wait for the next frame to learn their duration, so a part ends when the
 * first frame after it arrives. Payloads are the ingest's buffers (retained, not copied) until a
 * part is written; the part's bytes are then copied once into the array the origin keeps.
 */
public final class RenditionPackager implements MediaSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RenditionPackager.class);
    private static final int VIDEO_TRACK = 1;
    private static final int AUDIO_TRACK = 2;
    private static final int VIDEO_TIMESCALE = 90_000;
    private static final int TICKS_PER_MILLI = VIDEO_TIMESCALE / 1000;

    private final String label;
    private final PackagerConfig config;
    private final SegmentSink sink;
    private final Clock clock;
    private final ByteBufAllocator allocator;
    private final PackagerMetrics metrics;
    private final SegmentAlignment.Role numbering;
    private final SecureRandom random = new SecureRandom();

    // Across publishes: what a live playlist must keep.
    private long nextMsn;
    private long fragmentSequence = 1;
    private boolean anySegmentSent;
    private CutPlanner previousPlanner;
    /**
     * Added to publisher timestamps so media time continues where the previous epoch ended: a
     * reconnecting encoder starts again from 0, and players and recordings cope better with a
     * timeline that never goes back (the playlist still marks the discontinuity).
     */
    private long timelineOffsetMillis;
    private long epochEndMediaMillis = -1;

    // Per publish.
    private String publishId = "";
    private VideoConfig videoConfig;
    private AacConfig audioConfig;
    private boolean metadataDeclaresVideo;
    /**
     * Wall clock minus media time, the smallest seen in this publish: the frame that reached the
     * packager soonest after its media time dates the stream. The first frames of a publish meet
     * cold code paths and a queue behind them, so taking the first frame alone dated everything
     * up to a second late (seen in the latency benchmark).
     */
    private long wallMinusMediaMillis = Long.MAX_VALUE;

    // Per epoch.
    private boolean epochOpen;
    private boolean epochHasVideo;
    private CutPlanner planner;
    private List<TrackSpec> tracks = List.of();
    private AudioTimeline audioTimeline;
    private final TrackBuffer video = new TrackBuffer(VIDEO_TRACK);
    private final TrackBuffer audio = new TrackBuffer(AUDIO_TRACK);
    private AccessUnit pendingVideo;
    private long pendingVideoReceivedNanos;
    /** When the newest sample of the open part reached the packager, for the part lag metric. */
    private long lastSampleReceivedNanos;
    private long lastTimelineDts;
    private boolean segmentOpen;
    private long msn;
    private int partIndex;
    private long partStartDts;
    private long segmentStartDts;
    /** What the parts of the open segment were listed as: its EXTINF. */
    private long segmentListedMicros;
    private boolean discontinuityPending;

    /**
     * @param label names the stream and rendition in log lines
     * @param sink receives the packaged media
     * @param allocator for the small box buffers written per part
     */
    public RenditionPackager(String label, PackagerConfig config, SegmentSink sink, Clock clock,
                             ByteBufAllocator allocator, PackagerMetrics metrics) {
        this(label, config, sink, clock, allocator, metrics, new SegmentAlignment.Alone());
    }

    /**
     * @param numbering how segments get their MSNs: alone, or aligned with the stream's other
     *     renditions (see {@link SegmentAlignment})
     */
    public RenditionPackager(String label, PackagerConfig config, SegmentSink sink, Clock clock,
                             ByteBufAllocator allocator, PackagerMetrics metrics, SegmentAlignment.Role numbering) {
        this.numbering = numbering;
        this.label = label;
        this.metrics = metrics;
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        this.allocator = allocator;
    }

    @Override
    public void onEvent(MediaEvent event) {
        try {
            switch (event) {
                case MediaEvent.PublishStarted started -> startPublish(started.publishId());
                case MediaEvent.ConfigChanged changed -> changeConfig(changed.config());
                case MediaEvent.Metadata metadata -> metadataDeclaresVideo = declaresVideo(metadata.properties());
                case AccessUnit unit -> accept(unit);
                case MediaEvent.PublishEnded ended -> endPublish(ended.reason());
            }
        } catch (RuntimeException e) {
            // A packaging failure must not take the stream down: drop what is buffered and start
            // a fresh epoch at the next keyframe.
            log.warn("packager {}: dropping the open part after a packaging error: {}", label, e.toString());
            abandonEpoch();
        }
    }

    private void startPublish(String newPublishId) {
        closeEpoch();
        publishId = newPublishId;
        videoConfig = null;
        audioConfig = null;
        metadataDeclaresVideo = false;
        wallMinusMediaMillis = Long.MAX_VALUE;
    }

    private void changeConfig(CodecConfig changed) {
        switch (changed) {
            case VideoConfig v -> {
                if (epochOpen && !v.equals(videoConfig)) {
                    closeEpoch(); // frames after this use the new configuration: a new init
                }
                videoConfig = v;
            }
            case AacConfig a -> {
                if (epochOpen && !a.equals(audioConfig)) {
                    closeEpoch();
                }
                audioConfig = a;
            }
        }
    }

    private static boolean declaresVideo(Map<String, Object> properties) {
        Object codec = properties.get("videocodecid");
        return codec != null && !(codec instanceof Number n && n.doubleValue() == 0);
    }

    private void accept(AccessUnit unit) {
        wallMinusMediaMillis = Math.min(wallMinusMediaMillis, clock.millis() - unit.dtsMillis());
        if (unit.track() == TrackType.VIDEO) {
            if (videoConfig == null || (!epochOpen && !unit.keyframe())) {
                return; // undecodable without a configuration, or before the first keyframe
            }
            if (!epochOpen) {
                openEpoch(unit.dtsMillis());
            }
            if (!epochHasVideo) {
                return; // an audio-only epoch cannot take video; the config change already closed it
            }
            acceptVideo(unit);
        } else {
            if (audioConfig == null) {
                return;
            }
            if (!epochOpen) {
                if (videoConfig != null || metadataDeclaresVideo) {
                    return; // wait for the first video keyframe so the first part is independent
                }
                openEpoch(unit.dtsMillis());
            }
            if (audioTimeline == null) {
                return; // the epoch began without audio; audio joins at the next epoch
            }
            acceptAudio(unit);
        }
    }

    private void openEpoch(long firstDtsMillis) {
        epochHasVideo = videoConfig != null;
        tracks = new ArrayList<>(2);
        StringBuilder codecs = new StringBuilder();
        if (epochHasVideo) {
            tracks.add(new TrackSpec(VIDEO_TRACK, videoConfig, VIDEO_TIMESCALE));
            codecs.append(videoConfig.codecsString());
        }
        audioTimeline = null;
        if (audioConfig != null) {
            tracks.add(new TrackSpec(AUDIO_TRACK, audioConfig, audioConfig.sampleRate()));
            audioTimeline = new AudioTimeline(audioConfig.sampleRate());
            codecs.append(codecs.isEmpty() ? "" : ",").append(audioConfig.codecsString());
        }
        ByteBuf init = InitSegmentWriter.write(tracks, allocator);
        byte[] initBytes;
        try {
            initBytes = ByteBufUtil.getBytes(init);
        } finally {
            init.release();
        }
        planner = new CutPlanner(config.targetDuration().toMillis(), config.partTarget().toMillis(),
                epochHasVideo ? videoConfig.frameRate() : 0);
        if (previousPlanner != null) {
            planner.continuing(previousPlanner);
        }
        if (epochEndMediaMillis >= 0) {
            timelineOffsetMillis = epochEndMediaMillis - firstDtsMillis;
        }
        discontinuityPending = anySegmentSent;
        epochOpen = true;
        String prefix = HexFormat.of().formatHex(randomBytes(6));
        sink.onInit(new InitSegment(prefix, initBytes, codecs.toString(),
                epochHasVideo ? videoConfig.width() : 0, epochHasVideo ? videoConfig.height() : 0,
                epochHasVideo ? videoConfig.frameRate() : 0));
    }

    private void acceptVideo(AccessUnit unit) {
        long dts = unit.dtsMillis();
        long received = System.nanoTime();
        if (pendingVideo != null) {
            long duration = Math.max(0, dts - pendingVideo.dtsMillis()) * TICKS_PER_MILLI;
            addVideoSample(pendingVideo, duration);
            lastSampleReceivedNanos = pendingVideoReceivedNanos;
            pendingVideo = null;
        }
        cut(planner.onFrame(dts, unit.keyframe()), dts, unit.keyframe());
        numbering.planned(publishId, dts);
        pendingVideo = unit.retain();
        pendingVideoReceivedNanos = received;
        lastTimelineDts = dts;
    }

    private void addVideoSample(AccessUnit unit, long duration) {
        video.add(unit.payload(), (unit.dtsMillis() + timelineOffsetMillis) * TICKS_PER_MILLI, duration,
                (long) unit.compositionOffsetMillis() * TICKS_PER_MILLI, unit.keyframe());
    }

    private void acceptAudio(AccessUnit unit) {
        long dts = unit.dtsMillis();
        if (!epochHasVideo) {
            cut(planner.onFrame(dts, true), dts, true);
            lastTimelineDts = dts;
        }
        long time = audioTimeline.timeOf(Math.max(0, dts + timelineOffsetMillis));
        audio.stretchLastTo(time);
        audio.add(unit.payload().retain(), time, audioTimeline.frameTicks(), 0, true);
        if (!epochHasVideo) {
            lastSampleReceivedNanos = System.nanoTime();
        }
    }

    private void cut(CutPlanner.Cut cut, long dts, boolean keyframe) {
        switch (cut) {
            case NONE -> { }
            case PART -> flushPart(dts);
            case SEGMENT -> {
                if (segmentOpen) {
                    flushPart(dts);
                    closeSegment(dts);
                }
                openSegment(dts, keyframe);
            }
        }
    }

    private void openSegment(long dts, boolean independent) {
        msn = numbering.number(publishId, dts, nextMsn);
        nextMsn = msn + 1;
        partIndex = 0;
        segmentListedMicros = 0;
        segmentStartDts = partStartDts = dts;
        segmentOpen = true;
        if (!independent) {
            metrics.forcedCut();
            log.warn("packager {}: GOP longer than the target duration allows; segment {} starts without a keyframe",
                    label, msn);
        }
        sink.onSegmentOpened(new SegmentOpened(msn, wallClockOf(dts), discontinuityPending, independent));
        discontinuityPending = false;
        anySegmentSent = true;
    }

    private Instant wallClockOf(long dtsMillis) {
        return Instant.ofEpochMilli(numbering.wallMinusMedia(publishId, dtsMillis, wallMinusMediaMillis) + dtsMillis);
    }

    private void flushPart(long endDts) {
        if (video.isEmpty() && audio.isEmpty()) {
            return;
        }
        List<TrackFragment> fragments = new ArrayList<>(2);
        if (!video.isEmpty()) {
            fragments.add(video.fragment());
        }
        if (!audio.isEmpty()) {
            fragments.add(audio.fragment());
        }
        boolean independent = epochHasVideo ? video.firstIsSync() : true;
        byte[] bytes;
        try {
            ByteBuf fragment = FragmentWriter.write(fragmentSequence++, tracks, fragments, allocator);
            try {
                bytes = ByteBufUtil.getBytes(fragment);
            } finally {
                fragment.release();
            }
        } finally {
            video.clear();
            audio.clear();
        }
        long durationMicros = Math.max(0, endDts - partStartDts) * 1000;
        long partTargetMicros = planner.partTargetMillis() * 1000;
        if (partTargetMicros > 0 && durationMicros > partTargetMicros) {
            // A jump in the publisher's timestamps (a stalled encoder, a looped file) stretches the
            // part's last frame across the gap. A part may not be listed longer than PART-TARGET
            // (RFC 8216bis 4.4.4.9): it is listed as PART-TARGET and players step over the gap by
            // the next fragment's decode time.
            metrics.timestampGap();
            durationMicros = partTargetMicros;
        }
        segmentListedMicros += durationMicros;
        sink.onPart(new MediaPart(msn, partIndex++, independent, durationMicros, bytes));
        metrics.partListed(System.nanoTime() - lastSampleReceivedNanos);
        partStartDts = endDts;
    }

    private void closeSegment(long endDts) {
        segmentOpen = false;
        if (partIndex == 0) {
            return; // nothing was written into it; the sink drops an empty open segment
        }
        long durationMillis = endDts - segmentStartDts;
        planner.declareIfUnknown(durationMillis);
        metrics.segmentClosed();
        sink.onSegmentClosed(new SegmentClosed(msn, partIndex, segmentListedMicros,
                planner.declaredTargetDurationSeconds(), planner.expectedPartTargetMillis() * 1000,
                wallClockOf(segmentStartDts)));
    }

    /** Ends the epoch cleanly: the last frame gets a typical duration, the open segment closes. */
    private void closeEpoch() {
        if (!epochOpen) {
            return;
        }
        long endDts = lastTimelineDts;
        if (pendingVideo != null) {
            long duration = planner.typicalFrameMillis();
            addVideoSample(pendingVideo, duration * TICKS_PER_MILLI);
            lastSampleReceivedNanos = pendingVideoReceivedNanos;
            pendingVideo = null;
            endDts += duration;
        } else if (!epochHasVideo) {
            endDts += Math.round(audioTimeline.frameTicks() * 1000.0 / audioTimeline.timescale());
        }
        if (segmentOpen) {
            flushPart(endDts);
            closeSegment(endDts);
        }
        epochEndMediaMillis = endDts + timelineOffsetMillis;
        finishEpoch();
    }

    /** Ends the epoch after an error, without writing what was buffered. */
    private void abandonEpoch() {
        if (pendingVideo != null) {
            pendingVideo.release();
            pendingVideo = null;
        }
        video.clear();
        audio.clear();
        if (segmentOpen) {
            closeSegment(partStartDts);
        }
        epochEndMediaMillis = lastTimelineDts + timelineOffsetMillis;
        finishEpoch();
    }

    private void finishEpoch() {
        if (planner != null) {
            previousPlanner = planner;
        }
        epochOpen = false;
        audioTimeline = null;
    }

    private void endPublish(String reason) {
        closeEpoch();
        sink.onPublishEnded(reason);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Releases buffered media; the packager must not be used afterwards. */
    @Override
    public void close() {
        if (pendingVideo != null) {
            pendingVideo.release();
            pendingVideo = null;
        }
        video.clear();
        audio.clear();
    }
}
