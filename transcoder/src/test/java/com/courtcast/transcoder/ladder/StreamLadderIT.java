package com.courtcast.transcoder.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.MediaPart;
import com.courtcast.common.packaging.SegmentClosed;
import com.courtcast.common.packaging.SegmentOpened;
import com.courtcast.common.packaging.SegmentSink;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.testing.MutableClock;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.transcoder.cmaf.DemuxedFlv;
import com.courtcast.transcoder.cmaf.PeerProcess;
import com.courtcast.transcoder.packager.PackagerConfig;
import com.courtcast.transcoder.packager.PackagerMetrics;
import com.courtcast.transcoder.packager.RenditionPackager;
import com.courtcast.transcoder.packager.SegmentAlignment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ladder on a real H.264 + AAC file (B-frames, 1 s GOP): its rungs' packagers cut the same
 * segments and parts under the same MSNs as the source's, and FFmpeg judges every rung's media:
 * resolution, codec, keyframes at the source's times, bitrate near the target, clean decoding.
 */
@ExtendWith(NettyLeakCheck.class)
class StreamLadderIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static Path flv;

    @BeforeAll
    static void encode() throws Exception {
        flv = dir.resolve("in.flv");
        PeerProcess.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                "-t", "8", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p",
                "-b:v", "1500k", "-c:a", "aac", "-f", "flv", flv.toString()));
    }

    /** Everything a packager hands on, in order; counts down when the publish ends. */
    static final class CollectingSink implements SegmentSink {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override public void onInit(InitSegment init) { events.add(init); }
        @Override public void onSegmentOpened(SegmentOpened segment) { events.add(segment); }
        @Override public void onPart(MediaPart part) { events.add(part); }
        @Override public void onSegmentClosed(SegmentClosed segment) { events.add(segment); }
        @Override public void onPublishEnded(String reason) {
            events.add(reason);
            ended.countDown();
        }

        <T> List<T> all(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        byte[] mp4() {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes(all(InitSegment.class).getFirst().bytes());
            all(MediaPart.class).forEach(p -> file.writeBytes(p.bytes()));
            return file.toByteArray();
        }
    }

    private static RenditionPackager packager(String name, SegmentSink sink, SegmentAlignment.Role role) {
        return new RenditionPackager("court/" + name, PackagerConfig.defaults(), sink, CLOCK,
                UnpooledByteBufAllocator.DEFAULT, PackagerMetrics.discarded(), role);
    }

    private static List<MediaEvent> events(DemuxedFlv media) {
        List<MediaEvent> events = new ArrayList<>();
        events.add(new MediaEvent.PublishStarted("court", "p1", Instant.EPOCH));
        events.add(new MediaEvent.ConfigChanged(media.video));
        events.add(new MediaEvent.ConfigChanged(media.audio));
        List<AccessUnit> units = new ArrayList<>(media.videoUnits);
        units.addAll(media.audioUnits);
        units.sort(Comparator.comparingLong(AccessUnit::dtsMillis));
        events.addAll(units);
        events.add(new MediaEvent.PublishEnded("court", "p1", "unpublished"));
        return events;
    }

    /** Plenty of queue: nothing is shed while the test feeds a file faster than real time. */
    private static LadderConfig roomy(String encoder) {
        return new LadderConfig(encoder, "veryfast", Duration.ofSeconds(1), 1, 1, 2000, 1999,
                Duration.ofSeconds(1), Duration.ofSeconds(10), 50, Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"libx264", "libopenh264"})
    void rungsAreCutLikeTheSourceAndFfmpegAcceptsThem(String encoder) throws Exception {
        SegmentAlignment alignment = new SegmentAlignment();
        CollectingSink sourceSink = new CollectingSink();
        Map<String, CollectingSink> rungSinks = new ConcurrentHashMap<>();
        Map<String, Boolean> produced = new ConcurrentHashMap<>();
        List<RenditionPackager> rungPackagers = new CopyOnWriteArrayList<>();
        List<Rung> rungs = Rung.parseLadder("test", "240p@300k,180p@200k,720p");
        try (DemuxedFlv media = DemuxedFlv.read(flv);
             RenditionPackager source = packager("source", sourceSink, new SegmentAlignment.Leader(alignment))) {
            StreamLadder ladder = new StreamLadder("court", rungs, roomy(encoder), rung -> {
                CollectingSink sink = new CollectingSink();
                rungSinks.put(rung.name(), sink);
                RenditionPackager packager = packager(rung.name(), sink, new SegmentAlignment.Follower(alignment));
                rungPackagers.add(packager);
                return packager;
            }, alignment, produced::put, CLOCK, UnpooledByteBufAllocator.DEFAULT, LadderMetrics.discarded());
            try {
                for (MediaEvent event : events(media)) {
                    source.onEvent(event);
                    ladder.onEvent(event);
                }
                for (String rung : List.of("240p", "180p")) {
                    assertThat(rungSinks.get(rung).ended.await(60, TimeUnit.SECONDS)).as(rung + " finished").isTrue();
                }
            } finally {
                ladder.close();
                rungPackagers.forEach(RenditionPackager::close);
            }
        }

        assertThat(produced).containsEntry("240p", true).containsEntry("180p", true).containsEntry("720p", false);
        assertThat(rungSinks.get("720p").events).isEmpty();
        Path sourceMp4 = Files.write(dir.resolve("source.mp4"), sourceSink.mp4());
        List<String> sourceKeyframes = keyframeTimes(sourceMp4);
        assertThat(sourceKeyframes).hasSizeGreaterThanOrEqualTo(7);
        for (String rung : List.of("240p", "180p")) {
            CollectingSink sink = rungSinks.get(rung);
            assertThat(sink.all(SegmentOpened.class).stream().map(SegmentOpened::msn).toList()).as(rung + " MSNs")
                    .isEqualTo(sourceSink.all(SegmentOpened.class).stream().map(SegmentOpened::msn).toList());
            assertThat(sink.all(SegmentClosed.class).stream().map(SegmentClosed::durationMicros).toList())
                    .as(rung + " segment durations")
                    .isEqualTo(sourceSink.all(SegmentClosed.class).stream().map(SegmentClosed::durationMicros).toList());
            assertThat(sink.all(MediaPart.class).stream().map(p -> p.msn() + "." + p.index() + ":" + p.durationMicros())
                    .toList()).as(rung + " parts")
                    .isEqualTo(sourceSink.all(MediaPart.class).stream()
                            .map(p -> p.msn() + "." + p.index() + ":" + p.durationMicros()).toList());

            Path mp4 = Files.write(dir.resolve(encoder + "-" + rung + ".mp4"), sink.mp4());
            int height = Integer.parseInt(rung.replace("p", ""));
            String stream = PeerProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                    "-show_entries", "stream=codec_name,width,height", "-of", "compact", mp4.toString())).stdout();
            assertThat(stream).contains("codec_name=h264|width=" + (height * 16 / 9 / 2 * 2) + "|height=" + height);
            assertThat(keyframeTimes(mp4)).as(rung + " keyframes").isEqualTo(sourceKeyframes);

            long videoBytes = videoBytes(mp4);
            double seconds = sink.all(SegmentClosed.class).stream().mapToLong(SegmentClosed::durationMicros).sum() / 1e6;
            long target = rungs.stream().filter(r -> r.name().equals(rung)).findFirst().orElseThrow().bitsPerSecond();
            assertThat(videoBytes * 8 / seconds).as(rung + " bitrate").isBetween(target * 0.8, target * 1.2);

            PeerProcess.Output decode = PeerProcess.run(List.of("ffmpeg", "-v", "error", "-i", mp4.toString(),
                    "-f", "null", "-"));
            assertThat(decode.stderr()).as(rung + " decodes cleanly").isEmpty();
        }
    }

    @Test
    void aTranscoderBehindRealTimeShedsRungsAndTheSourceLosesNothing() throws Exception {
        SegmentAlignment alignment = new SegmentAlignment();
        CollectingSink sourceSink = new CollectingSink();
        List<String> availability = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // A queue of 12 frames, shedding past 3 at once: a whole file arriving together is far beyond real time.
        LadderConfig tight = new LadderConfig("libx264", "veryfast", Duration.ofSeconds(1), 1, 1, 12, 3,
                Duration.ZERO, Duration.ofSeconds(10), 50, Duration.ofSeconds(1));
        List<RenditionPackager> rungPackagers = new CopyOnWriteArrayList<>();
        try (DemuxedFlv media = DemuxedFlv.read(flv);
             RenditionPackager source = packager("source", sourceSink, new SegmentAlignment.Leader(alignment))) {
            StreamLadder ladder = new StreamLadder("court", Rung.parseLadder("test", "240p,180p@200k"), tight,
                    rung -> {
                        RenditionPackager packager = packager(rung.name(), new CollectingSink(),
                                new SegmentAlignment.Follower(alignment));
                        rungPackagers.add(packager);
                        return packager;
                    }, alignment, (rendition, producing) -> availability.add(rendition + "=" + producing),
                    CLOCK, UnpooledByteBufAllocator.DEFAULT, new LadderMetrics(registry));
            try {
                for (MediaEvent event : events(media)) {
                    source.onEvent(event);
                    ladder.onEvent(event);
                }
            } finally {
                ladder.close();
                rungPackagers.forEach(RenditionPackager::close);
            }
        }
        assertThat(registry.counter("courtcast_transcoder_rungs_shed", "rung", "240p").count()).isPositive();
        assertThat(availability).contains("240p=false");
        assertThat(sourceSink.all(SegmentClosed.class)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sourceSink.events.getLast()).isEqualTo("unpublished");
    }

    @Test
    void shedRungsComeBackAtTheSourcesSegmentBoundariesUnderTheSourcesNumbers() throws Exception {
        SegmentAlignment alignment = new SegmentAlignment();
        CollectingSink sourceSink = new CollectingSink();
        Map<String, CollectingSink> rungSinks = new ConcurrentHashMap<>();
        List<RenditionPackager> rungPackagers = new CopyOnWriteArrayList<>();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LadderConfig config = new LadderConfig("libx264", "veryfast", Duration.ofSeconds(1), 1, 1, 2000, 3,
                Duration.ZERO, Duration.ofSeconds(1), 95, Duration.ofSeconds(1));
        try (DemuxedFlv media = DemuxedFlv.read(flv);
             RenditionPackager source = packager("source", sourceSink, new SegmentAlignment.Leader(alignment))) {
            StreamLadder ladder = new StreamLadder("court", Rung.parseLadder("test", "240p,180p@200k"), config,
                    rung -> {
                        CollectingSink sink = new CollectingSink();
                        rungSinks.put(rung.name(), sink);
                        RenditionPackager packager = packager(rung.name(), sink,
                                new SegmentAlignment.Follower(alignment));
                        rungPackagers.add(packager);
                        return packager;
                    }, alignment, (rendition, producing) -> { }, clock, UnpooledByteBufAllocator.DEFAULT,
                    new LadderMetrics(registry));
            try {
                List<MediaEvent> events = events(media);
                int burst = 0;
                while (!(events.get(burst) instanceof AccessUnit first && first.dtsMillis() >= 2000)) {
                    burst++;
                }
                // The first two seconds at once: far behind real time, both rungs go.
                for (MediaEvent event : events.subList(0, burst)) {
                    source.onEvent(event);
                    ladder.onEvent(event);
                }
                // Then one frame at a time, each handled before the next: room again.
                for (MediaEvent event : events.subList(burst, events.size())) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (ladder.queuedVideoFrames() > 0) {
                        assertThat(System.nanoTime()).isLessThan(deadline);
                        Thread.sleep(1);
                    }
                    if (event instanceof AccessUnit unit && unit.track() == TrackType.VIDEO) {
                        clock.advance(Duration.ofMillis(33));
                    }
                    source.onEvent(event);
                    ladder.onEvent(event);
                }
                for (String rung : List.of("240p", "180p")) {
                    assertThat(rungSinks.get(rung).ended.await(60, TimeUnit.SECONDS)).as(rung + " finished").isTrue();
                }
            } finally {
                ladder.close();
                rungPackagers.forEach(RenditionPackager::close);
            }
        }
        assertThat(registry.counter("courtcast_transcoder_rungs_shed", "rung", "180p").count()).isPositive();
        assertThat(registry.counter("courtcast_transcoder_rungs_restored", "rung", "180p").count()).isPositive();
        assertThat(registry.counter("courtcast_transcoder_rungs_restored", "rung", "240p").count()).isPositive();
        Map<Long, Long> sourceDurations = new java.util.HashMap<>();
        sourceSink.all(SegmentClosed.class).forEach(s -> sourceDurations.put(s.msn(), s.durationMicros()));
        for (String rung : List.of("240p", "180p")) {
            CollectingSink sink = rungSinks.get(rung);
            // Whether a rung got a segment out before the burst shed it depends on the machine; what
            // counts is that every segment it made carries a number the source gave the same cut.
            assertThat(sink.all(SegmentOpened.class)).extracting(SegmentOpened::msn).as(rung + " segment numbers")
                    .isSubsetOf(sourceSink.all(SegmentOpened.class).stream().map(SegmentOpened::msn).toList());
            List<SegmentClosed> restored = sink.all(SegmentClosed.class).stream()
                    .filter(s -> s.msn() >= 2).toList();
            assertThat(restored).as(rung + " segments after its restore").isNotEmpty();
            for (SegmentClosed segment : restored) {
                assertThat(segment.durationMicros()).as(rung + " segment " + segment.msn())
                        .isEqualTo(sourceDurations.get(segment.msn()));
            }
            List<SegmentOpened> opened = sink.all(SegmentOpened.class);
            assertThat(opened.getLast().msn()).isEqualTo(sourceSink.all(SegmentOpened.class).getLast().msn());
        }
    }

    private static List<String> keyframeTimes(Path mp4) throws Exception {
        String packets = PeerProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", mp4.toString())).stdout();
        return packets.lines().filter(l -> l.contains("K")).map(l -> l.split(",")[0]).toList();
    }

    private static long videoBytes(Path mp4) throws Exception {
        String packets = PeerProcess.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-show_entries", "packet=size", "-of", "csv=p=0", mp4.toString())).stdout();
        return packets.lines().filter(l -> !l.isBlank()).mapToLong(Long::parseLong).sum();
    }
}
