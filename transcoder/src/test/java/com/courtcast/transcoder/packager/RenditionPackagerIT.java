package com.courtcast.transcoder.packager;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.MediaPart;
import com.courtcast.common.packaging.SegmentClosed;
import com.courtcast.common.packaging.SegmentOpened;
import com.courtcast.common.packaging.SegmentSink;
import com.courtcast.transcoder.cmaf.DemuxedFlv;
import com.courtcast.transcoder.cmaf.PeerProcess;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FFmpeg-encoded stream (H.264 with B-frames, AAC) through the packager: parts and segments cut
 * by the LL-HLS rules, and what it writes judged by ffprobe frame by frame.
 */
class RenditionPackagerIT {

    @TempDir
    static Path dir;
    static Path flv;

    @BeforeAll
    static void encode() throws Exception {
        flv = dir.resolve("in.flv");
        PeerProcess.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                "-t", "7", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-f", "flv", flv.toString()));
    }

    /** Everything the packager hands on, in order. */
    static final class CollectingSink implements SegmentSink {
        final List<Object> events = new ArrayList<>();

        @Override public void onInit(InitSegment init) { events.add(init); }
        @Override public void onSegmentOpened(SegmentOpened segment) { events.add(segment); }
        @Override public void onPart(MediaPart part) { events.add(part); }
        @Override public void onSegmentClosed(SegmentClosed segment) { events.add(segment); }
        @Override public void onPublishEnded(String reason) { events.add(reason); }

        <T> List<T> all(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static void publish(RenditionPackager packager, DemuxedFlv media) {
        packager.onEvent(new MediaEvent.PublishStarted("court", "p1", Instant.EPOCH));
        packager.onEvent(new MediaEvent.Metadata(Map.of("videocodecid", 7.0)));
        packager.onEvent(new MediaEvent.ConfigChanged(media.video));
        packager.onEvent(new MediaEvent.ConfigChanged(media.audio));
        List<AccessUnit> units = new ArrayList<>(media.videoUnits);
        units.addAll(media.audioUnits);
        units.sort(Comparator.comparingLong(AccessUnit::dtsMillis));
        units.forEach(packager::onEvent);
        packager.onEvent(new MediaEvent.PublishEnded("court", "p1", "unpublished"));
    }

    private static RenditionPackager packager(CollectingSink sink) {
        return new RenditionPackager("court/source", PackagerConfig.defaults(), sink,
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC), UnpooledByteBufAllocator.DEFAULT,
                PackagerMetrics.discarded());
    }

    @Test
    void partsAndSegmentsFollowTheRulesAndFfprobeSeesEveryFrame() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (DemuxedFlv media = DemuxedFlv.read(flv); RenditionPackager packager = packager(sink)) {
            publish(packager, media);

            List<SegmentClosed> segments = sink.all(SegmentClosed.class);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
            long partTarget = segments.getFirst().partTargetMicros();
            assertThat(partTarget).isEqualTo(335_000);
            assertThat(segments).allSatisfy(s -> assertThat(s.targetDurationSeconds()).isEqualTo(2));
            assertThat(sink.all(SegmentOpened.class)).allSatisfy(s -> assertThat(s.independent()).isTrue());
            List<MediaPart> parts = sink.all(MediaPart.class);
            for (int i = 0; i < parts.size(); i++) {
                MediaPart part = parts.get(i);
                assertThat(part.durationMicros()).isLessThanOrEqualTo(partTarget);
                boolean lastOfSegment = i + 1 == parts.size() || parts.get(i + 1).msn() != part.msn();
                if (!part.independent() && !lastOfSegment) {
                    assertThat(part.durationMicros() * 100).isGreaterThanOrEqualTo(partTarget * 85);
                }
                assertThat(part.independent()).isEqualTo(part.index() % 3 == 0); // 1 s GOP, 0.333 s parts
            }

            Path mp4 = dir.resolve("out.mp4");
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(sink.all(InitSegment.class).getFirst().bytes());
            for (MediaPart part : parts) {
                file.write(part.bytes());
            }
            Files.write(mp4, file.toByteArray());
            String packets = PeerProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                    "-show_entries", "packet=dts_time,flags", "-of", "csv=p=0", mp4.toString())).stdout();
            List<String> lines = packets.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSize(media.videoUnits.size());
            for (int i = 0; i < lines.size(); i++) {
                AccessUnit unit = media.videoUnits.get(i);
                String[] fields = lines.get(i).split(",");
                assertThat(Math.round(Double.parseDouble(fields[0]) * 1000)).isEqualTo(unit.dtsMillis());
                assertThat(fields[1].startsWith("K")).isEqualTo(unit.keyframe());
            }
            String audio = PeerProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", "a",
                    "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", mp4.toString())).stdout();
            assertThat(audio.trim()).isEqualTo(Integer.toString(media.audioUnits.size()));
            PeerProcess.Output decode = PeerProcess.run(List.of("ffmpeg", "-v", "warning", "-i", mp4.toString(),
                    "-f", "null", "-"));
            assertThat(decode.stderr()).isEmpty();
        }
    }

    @Test
    void aJumpInThePublishersTimestampsIsListedAsPartTargetNotRefused() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (DemuxedFlv media = DemuxedFlv.read(flv); RenditionPackager packager = packager(sink)) {
            // A stalled encoder or a looped file: 400 ms of nothing in the middle of a GOP.
            packager.onEvent(new MediaEvent.PublishStarted("court", "p1", Instant.EPOCH));
            packager.onEvent(new MediaEvent.ConfigChanged(media.video));
            packager.onEvent(new MediaEvent.ConfigChanged(media.audio));
            List<AccessUnit> units = new ArrayList<>(media.videoUnits);
            units.addAll(media.audioUnits);
            units.sort(Comparator.comparingLong(AccessUnit::dtsMillis));
            for (AccessUnit unit : units) {
                packager.onEvent(unit.dtsMillis() < 3_100 ? unit : new AccessUnit(unit.track(), unit.dtsMillis() + 400,
                        unit.compositionOffsetMillis(), unit.keyframe(), unit.payload()));
            }
            packager.onEvent(new MediaEvent.PublishEnded("court", "p1", "unpublished"));

            List<SegmentClosed> segments = sink.all(SegmentClosed.class);
            long partTarget = segments.getFirst().partTargetMicros();
            List<MediaPart> parts = sink.all(MediaPart.class);
            assertThat(parts).allSatisfy(part -> assertThat(part.durationMicros()).isLessThanOrEqualTo(partTarget));
            for (SegmentClosed segment : segments) {
                long listed = parts.stream().filter(p -> p.msn() == segment.msn()).mapToLong(MediaPart::durationMicros).sum();
                assertThat(segment.durationMicros()).as("EXTINF of %d is its parts' sum", segment.msn()).isEqualTo(listed);
            }
        }
    }

    @Test
    void aSecondPublishContinuesTheNumberingAfterADiscontinuity() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (DemuxedFlv media = DemuxedFlv.read(flv); RenditionPackager packager = packager(sink)) {
            publish(packager, media);
            int firstSegments = sink.all(SegmentClosed.class).size();
            publish(packager, media);
            List<InitSegment> inits = sink.all(InitSegment.class);
            assertThat(inits).hasSize(2);
            assertThat(inits.get(0).mediaPrefix()).isNotEqualTo(inits.get(1).mediaPrefix());
            List<SegmentOpened> opened = sink.all(SegmentOpened.class);
            assertThat(opened.get(firstSegments).discontinuity()).isTrue();
            assertThat(opened.get(firstSegments).msn()).isEqualTo(firstSegments);
            assertThat(opened.stream().filter(SegmentOpened::discontinuity)).hasSize(1);
            assertThat(sink.all(String.class)).containsExactly("unpublished", "unpublished");
        }
    }
}
