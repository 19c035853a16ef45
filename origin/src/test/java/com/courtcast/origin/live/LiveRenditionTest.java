package com.courtcast.origin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.hls.SkipRequest;
import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.MediaPart;
import com.courtcast.common.packaging.SegmentClosed;
import com.courtcast.common.packaging.SegmentOpened;
import com.courtcast.common.testing.MutableClock;
import com.courtcast.origin.OriginConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking reload, preload hints, windows and reconnects, driven by a clock moved by hand. */
class LiveRenditionTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final long PART_MICROS = 335_000;
    private static final int PARTS_PER_SEGMENT = 6; // 2.01 s segments

    private final MutableClock clock = new MutableClock(START);
    private final FakeRecording recording = new FakeRecording();
    private LiveStreamDirectory directory;
    private LiveRendition rendition;
    private long nextMsn;
    private String prefix;

    @BeforeEach
    void setUp() {
        useConfig(new OriginConfig(Duration.ofMinutes(5), OriginConfig.WindowMode.SLIDING, Duration.ofSeconds(30),
                OriginConfig.DEFAULT_MEMORY_SEGMENTS, true, 1000));
    }

    private void useConfig(OriginConfig config) {
        directory = new LiveStreamDirectory(config, clock, recording);
        rendition = (LiveRendition) directory.sink("hearing", "source");
    }

    private void publish(String mediaPrefix) {
        prefix = mediaPrefix;
        rendition.onInit(new InitSegment(mediaPrefix, new byte[] {1, 2, 3}, "avc1.64001F,mp4a.40.2", 1280, 720, 30));
    }

    private void openSegment(boolean discontinuity) {
        rendition.onSegmentOpened(new SegmentOpened(nextMsn, clock.instant(), discontinuity, true));
    }

    private void part(int index) {
        rendition.onPart(new MediaPart(nextMsn, index, index == 0, PART_MICROS, new byte[] {(byte) index, 9, 9}));
        clock.advance(Duration.ofNanos(PART_MICROS * 1000));
    }

    private void closeSegment(int parts) {
        rendition.onSegmentClosed(new SegmentClosed(nextMsn, parts, parts * PART_MICROS, 2, PART_MICROS,
                clock.instant().minusNanos(parts * PART_MICROS * 1000)));
        nextMsn++;
    }

    private void fullSegment(boolean discontinuity) {
        openSegment(discontinuity);
        for (int i = 0; i < PARTS_PER_SEGMENT; i++) {
            part(i);
        }
        closeSegment(PARTS_PER_SEGMENT);
    }

    private LiveRendition.PlaylistAnswer ask(long msn, int part, List<PlaylistSnapshot> answers, List<String> timeouts) {
        return rendition.requestPlaylist(new PlaylistRequest(msn, part, null), answers::add, () -> timeouts.add("503"));
    }

    @Test
    void noPlaylistUntilTheFirstSegmentIsComplete() {
        publish("aaaa");
        openSegment(false);
        part(0);
        List<PlaylistSnapshot> answers = new ArrayList<>();
        assertThat(ask(-1, -1, answers, new ArrayList<>())).isInstanceOf(LiveRendition.PlaylistAnswer.Waiting.class);
        for (int i = 1; i < PARTS_PER_SEGMENT; i++) {
            part(i);
        }
        assertThat(answers).isEmpty();
        closeSegment(PARTS_PER_SEGMENT);
        assertThat(answers).hasSize(1);
        String text = answers.getFirst().text(null);
        assertThat(text).contains("#EXT-X-TARGETDURATION:2", "#EXT-X-PART-INF:PART-TARGET=0.335",
                "CAN-BLOCK-RELOAD=YES", "source-aaaa-0.m4s", "#EXT-X-MAP:URI=\"source-aaaa-init.mp4\"",
                "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"source-aaaa-part6.m4s\"");
    }

    @Test
    void aBlockingRequestIsAnsweredWhenItsPartArrives() {
        publish("aaaa");
        fullSegment(false);
        openSegment(false);
        part(0);
        List<PlaylistSnapshot> answers = new ArrayList<>();
        assertThat(ask(1, 2, answers, new ArrayList<>())).isInstanceOf(LiveRendition.PlaylistAnswer.Waiting.class);
        part(1);
        assertThat(answers).isEmpty();
        part(2);
        assertThat(answers).hasSize(1);
        assertThat(answers.getFirst().text(null)).contains("source-aaaa-part8.m4s");
        assertThat(rendition.waitingRequests()).isZero();
    }

    @Test
    void aPartIndexPastTheEndOfACompleteSegmentMeansTheNextSegmentsFirstPart() {
        publish("aaaa");
        fullSegment(false);
        List<PlaylistSnapshot> answers = new ArrayList<>();
        ask(0, PARTS_PER_SEGMENT, answers, new ArrayList<>());
        assertThat(answers).isEmpty();
        openSegment(false);
        part(0);
        assertThat(answers).hasSize(1);
    }

    @Test
    void anAvailablePartIsAnsweredAtOnce() {
        publish("aaaa");
        fullSegment(false);
        assertThat(ask(0, 3, new ArrayList<>(), new ArrayList<>())).isInstanceOf(LiveRendition.PlaylistAnswer.Now.class);
        assertThat(ask(0, -1, new ArrayList<>(), new ArrayList<>())).isInstanceOf(LiveRendition.PlaylistAnswer.Now.class);
    }

    @Test
    void requestsTooFarAheadAreRefusedWith400() {
        publish("aaaa");
        fullSegment(false);
        assertThat(ask(3, -1, new ArrayList<>(), new ArrayList<>()))
                .isEqualTo(new LiveRendition.PlaylistAnswer.Refused(400,
                        "_HLS_msn 3 is more than two beyond the last segment 0"));
        // Advance Part Limit: 3 / 0.335 s = 8.96 parts beyond the newest (segment 0, part 5).
        assertThat(ask(1, 3, new ArrayList<>(), new ArrayList<>())).isInstanceOf(LiveRendition.PlaylistAnswer.Waiting.class);
        assertThat(ask(2, 4, new ArrayList<>(), new ArrayList<>())).isInstanceOf(LiveRendition.PlaylistAnswer.Refused.class);
        assertThatThrownBy(() -> PlaylistRequest.parse(null, "1", null))
                .isInstanceOf(PlaylistRequest.BadRequest.class).hasMessage("_HLS_part requires _HLS_msn");
        assertThatThrownBy(() -> PlaylistRequest.parse("x1", null, null)).isInstanceOf(PlaylistRequest.BadRequest.class);
        assertThatThrownBy(() -> PlaylistRequest.parse("1", null, "NO")).isInstanceOf(PlaylistRequest.BadRequest.class);
    }

    @Test
    void aRequestHeldForThreeTargetDurationsGets503() {
        publish("aaaa");
        fullSegment(false);
        List<String> timeouts = new ArrayList<>();
        ask(1, 0, new ArrayList<>(), timeouts);
        clock.advance(Duration.ofMillis(5999));
        rendition.tick();
        assertThat(timeouts).isEmpty();
        clock.advance(Duration.ofMillis(1));
        rendition.tick();
        assertThat(timeouts).containsExactly("503");
        assertThat(rendition.waitingRequests()).isZero();
    }

    @Test
    void aPartHintedAtTheEndOfASegmentIsTheNextSegmentsFirstPart() {
        publish("aaaa");
        fullSegment(false);
        openSegment(false);
        for (int i = 0; i < PARTS_PER_SEGMENT; i++) {
            part(i);
        }
        AtomicReference<MediaObject> served = new AtomicReference<>();
        // Nobody knows yet that a keyframe will close segment 1 before another part of it.
        assertThat(rendition.requestMedia("source-aaaa-part12.m4s", served::set, () -> fail("gone")))
                .isInstanceOf(LiveRendition.MediaAnswer.Waiting.class);
        closeSegment(PARTS_PER_SEGMENT);
        assertThat(served.get()).isNull();
        openSegment(false);
        part(0);
        assertThat(served.get()).isNotNull();
        assertThat(rendition.snapshot().text(null)).contains("#EXT-X-PART:DURATION=0.335,URI=\"source-aaaa-part12.m4s\"",
                "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"source-aaaa-part13.m4s\"");
    }

    @Test
    void theHintedPartIsHeldUntilComplete() {
        publish("aaaa");
        fullSegment(false);
        openSegment(false);
        part(0);
        AtomicReference<MediaObject> served = new AtomicReference<>();
        LiveRendition.MediaAnswer answer = rendition.requestMedia("source-aaaa-part7.m4s", served::set, () -> { });
        assertThat(answer).isInstanceOf(LiveRendition.MediaAnswer.Waiting.class);
        assertThat(rendition.requestMedia("source-aaaa-part8.m4s", o -> { }, () -> { }))
                .isInstanceOf(LiveRendition.MediaAnswer.NotFound.class);
        part(1);
        assertThat(served.get()).isInstanceOf(MediaObject.InMemory.class);
        assertThat(served.get().length()).isEqualTo(3);
    }

    @Test
    void aReconnectWithinTheGraceContinuesAfterADiscontinuity() {
        publish("aaaa");
        fullSegment(false);
        fullSegment(false);
        List<PlaylistSnapshot> answers = new ArrayList<>();
        ask(2, 0, answers, new ArrayList<>());
        rendition.onPublishEnded("disconnected");
        assertThat(rendition.snapshot().text(null)).doesNotContain("PRELOAD-HINT");
        clock.advance(Duration.ofSeconds(5));
        rendition.tick();
        publish("bbbb");
        fullSegment(true);
        assertThat(answers).hasSize(1);
        String text = rendition.snapshot().text(null);
        assertThat(text).contains("#EXT-X-DISCONTINUITY\n", "#EXT-X-MAP:URI=\"source-bbbb-init.mp4\"", "source-bbbb-2.m4s")
                .doesNotContain("#EXT-X-ENDLIST");
        assertThat(rendition.ended()).isFalse();
        assertThat(recording.started).hasSize(1);
    }

    @Test
    void afterTheGraceThePlaylistEndsAndWaitersAreAnswered() {
        publish("aaaa");
        fullSegment(false);
        List<PlaylistSnapshot> answers = new ArrayList<>();
        ask(1, 0, answers, new ArrayList<>());
        rendition.onPublishEnded("disconnected");
        clock.advance(Duration.ofSeconds(30));
        rendition.tick();
        assertThat(rendition.ended()).isTrue();
        assertThat(answers).hasSize(1);
        assertThat(answers.getFirst().text(null)).endsWith("#EXT-X-ENDLIST\n");
        assertThat(recording.ends).isEqualTo(1);
    }

    @Test
    void aPublishAfterTheEndStartsANewHearingWithHigherSequenceNumbers() {
        publish("aaaa");
        fullSegment(false);
        rendition.onPublishEnded("unpublished");
        clock.advance(Duration.ofSeconds(31));
        rendition.tick();
        publish("cccc");
        fullSegment(true);
        PlaylistSnapshot snapshot = rendition.snapshot();
        assertThat(snapshot.ended()).isFalse();
        assertThat(snapshot.playlist().mediaSequence()).isEqualTo(1);
        assertThat(recording.started).hasSize(2);
    }

    @Test
    void aRungThatSkippedSegmentNumbersStartsItsWindowOverAtTheNewNumber() {
        publish("aaaa");
        fullSegment(false);
        fullSegment(false);
        rendition.onPublishEnded("shed: the transcoder fell behind real time");
        nextMsn = 7; // restarted at the source's segment 7
        publish("bbbb");
        fullSegment(true);
        PlaylistSnapshot snapshot = rendition.snapshot();
        assertThat(snapshot.playlist().mediaSequence()).isEqualTo(7);
        assertThat(snapshot.playlist().lastMsn()).isEqualTo(7);
        assertThat(snapshot.playlist().discontinuitySequence()).isZero();
        assertThat(snapshot.text(null)).contains("#EXT-X-MEDIA-SEQUENCE:7", "source-bbbb-7.m4s")
                .doesNotContain("source-aaaa-1.m4s");
        assertThat(recording.started).hasSize(1);
    }

    @Test
    void theMultivariantPlaylistListsOnlyRenditionsBeingProduced() {
        publish("aaaa");
        fullSegment(false);
        LiveRendition rung = (LiveRendition) directory.sink("hearing", "360p");
        rung.onInit(new InitSegment("rung", new byte[] {1}, "avc1.64001E,mp4a.40.2", 640, 360, 30));
        rung.onSegmentOpened(new SegmentOpened(0, START, false, true));
        rung.onPart(new MediaPart(0, 0, true, PART_MICROS, new byte[] {1}));
        rung.onSegmentClosed(new SegmentClosed(0, 1, PART_MICROS, 2, PART_MICROS, START));
        assertThat(directory.multivariant("hearing")).contains("source.m3u8", "360p.m3u8", "RESOLUTION=640x360");
        directory.setProduced("hearing", "360p", false);
        assertThat(directory.multivariant("hearing")).contains("source.m3u8").doesNotContain("360p");
        directory.setProduced("hearing", "360p", true);
        assertThat(directory.multivariant("hearing")).contains("360p.m3u8");
    }

    @Test
    void theSlidingWindowCountsDiscontinuitiesThatLeaveIt() {
        useConfig(new OriginConfig(Duration.ofSeconds(30), OriginConfig.WindowMode.SLIDING, Duration.ofSeconds(30),
                OriginConfig.DEFAULT_MEMORY_SEGMENTS, true, 1000));
        publish("aaaa");
        fullSegment(false);
        rendition.onPublishEnded("disconnected");
        publish("bbbb");
        fullSegment(true);
        for (int i = 0; i < 20; i++) {
            fullSegment(false);
        }
        PlaylistSnapshot snapshot = rendition.snapshot();
        assertThat(snapshot.playlist().mediaSequence()).isGreaterThan(1);
        assertThat(snapshot.playlist().discontinuitySequence()).isEqualTo(1);
        assertThat(snapshot.text(null)).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1");
    }

    @Test
    void recordedSegmentsAreServedFromTheRecordingOnceOlderThanTheMemorySegments() {
        publish("aaaa");
        for (int i = 0; i < 10; i++) {
            fullSegment(false);
        }
        // Nothing recorded yet: everything stays in memory.
        assertThat(rendition.media("source-aaaa-0.m4s")).get().isInstanceOf(MediaObject.InMemory.class);
        recording.completeAll();
        assertThat(rendition.media("source-aaaa-0.m4s")).get().isInstanceOf(MediaObject.OnDisk.class);
        assertThat(rendition.media("source-aaaa-part3.m4s")).isEmpty();
        assertThat(rendition.media("source-aaaa-9.m4s")).get().isInstanceOf(MediaObject.InMemory.class);
        assertThat(rendition.media("source-aaaa-part57.m4s")).isPresent();
    }

    @Test
    void deltaUpdatesSkipOldSegments() {
        publish("aaaa");
        for (int i = 0; i < 20; i++) {
            fullSegment(false);
        }
        PlaylistSnapshot snapshot = rendition.snapshot();
        assertThat(snapshot.text(SkipRequest.YES)).contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=");
        assertThat(snapshot.body(SkipRequest.YES, true)).isNotEmpty();
        assertThat(snapshot.etag(SkipRequest.YES, false)).isNotEqualTo(snapshot.etag(null, false));
    }

    @Test
    void whenRecordingFailsLiveGoesOnAndSegmentsStayInMemoryUntilTheyLeaveTheWindow() {
        useConfig(new OriginConfig(Duration.ofSeconds(30), OriginConfig.WindowMode.SLIDING, Duration.ofSeconds(30),
                OriginConfig.DEFAULT_MEMORY_SEGMENTS, true, 1000));
        publish("aaaa");
        for (int i = 0; i < 10; i++) {
            fullSegment(false);
        }
        recording.writes.forEach(write -> write.completeExceptionally(new java.io.IOException("No space left on device")));
        // Live goes on from memory: the oldest listed segment is still served.
        assertThat(rendition.media("source-aaaa-0.m4s")).get().isInstanceOf(MediaObject.InMemory.class);
        for (int i = 0; i < 20; i++) {
            fullSegment(false);
        }
        recording.writes.forEach(write -> write.completeExceptionally(new java.io.IOException("No space left on device")));
        PlaylistSnapshot snapshot = rendition.snapshot();
        assertThat(snapshot.playlist().mediaSequence()).isGreaterThan(0);
        // Segments that left the window are gone; the listed ones are served from memory.
        assertThat(rendition.media("source-aaaa-0.m4s")).isEmpty();
        long first = snapshot.playlist().mediaSequence();
        assertThat(rendition.media("source-aaaa-" + first + ".m4s")).get().isInstanceOf(MediaObject.InMemory.class);
    }
}
