package com.courtcast.common.hls;

import static com.courtcast.common.hls.Playlists.parts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's checks of the spec's MUSTs, and the live-edge helpers for blocking reloads. */
class MediaPlaylistTest {

    private static MediaPlaylist.Builder live() {
        return MediaPlaylist.builder().targetDuration(2).mediaSequence(10).partTarget(0.5)
                .serverControl(new ServerControl(true, 1.5, 0, 0));
    }

    private static Segment segment(long msn, int parts) {
        return new Segment("s" + msn + ".m4s", 2, false, null, "init.mp4", parts(msn, parts));
    }

    private static Segment inProgress(long msn, int parts) {
        return new Segment(null, 0, false, null, "init.mp4", parts(msn, parts));
    }

    // --- validation ---

    @Test
    void rejectsNegativeNumbers() {
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(2).mediaSequence(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXT-X-MEDIA-SEQUENCE");
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(2).discontinuitySequence(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXT-X-DISCONTINUITY-SEQUENCE");
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXT-X-TARGETDURATION");
        assertThatThrownBy(() -> Segment.of("a.ts", -0.1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.ts");
        assertThatThrownBy(() -> Segment.of("a.ts", Double.NaN, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Part("p.m4s", -1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p.m4s");
        assertThatThrownBy(() -> new ServerControl(true, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PART-HOLD-BACK");
        assertThatThrownBy(() -> new RenditionReport("r.m3u8", -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAST-MSN");
        assertThatThrownBy(() -> new RenditionReport("r.m3u8", 1, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAST-PART");
    }

    @Test
    void onlyTheLastSegmentMayBeInProgress() {
        assertThatThrownBy(() -> live().addSegment(segment(10, 4)).addSegment(inProgress(11, 2))
                .addSegment(segment(12, 4)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segment 1 (MSN 11, in progress) has no URI, but only the last segment may be in progress");
    }

    @Test
    void anEndedPlaylistHasNoSegmentInProgressAndNoPreloadHint() {
        assertThatThrownBy(() -> live().addSegment(segment(10, 4)).addSegment(inProgress(11, 2)).endList(true)
                .build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXT-X-ENDLIST");
        assertThatThrownBy(() -> live().addSegment(segment(10, 4)).preloadHint(new PreloadHint("p.m4s"))
                .endList(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXT-X-PRELOAD-HINT");
    }

    /** 4.4.3.1: the EXTINF duration rounded to the nearest integer is at most the target duration. */
    @Test
    void rejectsASegmentLongerThanTheTargetDurationAfterRounding() {
        MediaPlaylist.Builder b = MediaPlaylist.builder().targetDuration(6)
                .addSegment(Segment.of("a.ts", 6, null))
                .addSegment(Segment.of("b.ts", 6.49999, null));
        assertThat(b.build().segments()).hasSize(2);
        assertThatThrownBy(() -> b.addSegment(Segment.of("c.ts", 6.5, null)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segment 2 (MSN 2, c.ts): EXTINF 6.5 rounds to 7 s, more than EXT-X-TARGETDURATION 6"
                        + " (4.4.3.1)");
        // The check applies to the written value: 6.499996 is written as 6.5.
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(6)
                .addSegment(Segment.of("d.ts", 6.499996, null)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d.ts");
    }

    @Test
    void partsNeedAPartTargetAndPartHoldBack() {
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(2).addSegment(segment(0, 4)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment 0 (MSN 0, s0.m4s) has parts, but PART-TARGET is 0");
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(2).partTarget(0.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PART-HOLD-BACK");
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(2).partTarget(0.5)
                .serverControl(new ServerControl(true, 0, 6, 0)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PART-HOLD-BACK");
    }

    /** 4.4.4.9: a part is at most PART-TARGET; 1 ms of slack. */
    @Test
    void rejectsAPartLongerThanThePartTarget() {
        Segment slightlyLong = new Segment("s.m4s", 1, false, null, null, List.of(
                new Part("p0.m4s", 0.5009, true), new Part("p1.m4s", 0.4991, false)));
        assertThat(live().addSegment(slightlyLong).build().segments()).hasSize(1);

        Segment tooLong = new Segment("s.m4s", 1, false, null, null, List.of(
                new Part("p0.m4s", 0.5, true), new Part("p1.m4s", 0.5011, false)));
        assertThatThrownBy(() -> live().addSegment(tooLong).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment 0 (MSN 10, s.m4s) part 1 (p1.m4s): DURATION 0.5011 is more than"
                        + " PART-TARGET 0.5");
    }

    /** 4.4.4.9: parts are at least 85% of PART-TARGET, except INDEPENDENT ones and a segment's last. */
    @Test
    void rejectsAShortPartUnlessIndependentOrLast() {
        Segment allowed = new Segment("s.m4s", 1.05, false, null, null, List.of(
                new Part("p0.m4s", 0.5, true),
                new Part("p1.m4s", 0.1, true), // independent: a key frame came early
                new Part("p2.m4s", 0.424, false), // 84.8%, within the 1 ms slack of 85%
                new Part("p3.m4s", 0.026, false))); // the segment's last part
        assertThat(live().addSegment(allowed).build().segments()).hasSize(1);

        Segment tooShort = new Segment("s.m4s", 1.0, false, null, null, List.of(
                new Part("p0.m4s", 0.5, true), new Part("p1.m4s", 0.3, false), new Part("p2.m4s", 0.2, false)));
        assertThatThrownBy(() -> live().addSegment(tooShort).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part 1 (p1.m4s): DURATION 0.3 is less than 85% of PART-TARGET 0.5");

        // In the segment in progress the newest part may still turn out to be its last.
        Segment growing = new Segment(null, 0, false, null, null, List.of(
                new Part("p0.m4s", 0.5, true), new Part("p1.m4s", 0.2, false)));
        assertThat(live().addSegment(growing).build().lastPartIndex()).isEqualTo(1);
    }

    /** 4.4.3.8 bounds against the target durations. */
    @Test
    void checksServerControlAgainstTheTargetDurations() {
        MediaPlaylist.Builder b = MediaPlaylist.builder().targetDuration(2).partTarget(0.5);
        assertThat(b.serverControl(new ServerControl(true, 1.0, 6, 12)).build().serverControl()).isNotNull();
        assertThatThrownBy(() -> b.serverControl(new ServerControl(true, 0.99, 6, 12)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PART-HOLD-BACK 0.99 must be at least twice PART-TARGET 0.5 (4.4.3.8)");
        assertThatThrownBy(() -> b.serverControl(new ServerControl(true, 1.5, 5.9, 12)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HOLD-BACK 5.9 must be at least three times EXT-X-TARGETDURATION 2 (4.4.3.8)");
        assertThatThrownBy(() -> b.serverControl(new ServerControl(true, 1.5, 6, 11.9)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CAN-SKIP-UNTIL 11.9 must be at least six times EXT-X-TARGETDURATION 2 (4.4.3.8)");
    }

    @Test
    void aMapCannotBeDropped() {
        assertThatThrownBy(() -> MediaPlaylist.builder().targetDuration(2)
                .addSegment(Segment.of("a.m4s", 2, "init.mp4"))
                .addSegment(Segment.of("b.ts", 2, null)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment 1 (MSN 1, b.ts) has no EXT-X-MAP");
    }

    @Test
    void rejectsUrisThatWouldBreakTheText() {
        assertThatThrownBy(() -> Segment.of("a\n#EXT-X-ENDLIST", 2, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> Segment.of("#a.ts", 2, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'#'");
        assertThatThrownBy(() -> Segment.of(" ", 2, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Part("p\".m4s", 0.5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'\"'");
        assertThatThrownBy(() -> Segment.of("a.m4s", 2, "init\r.mp4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXT-X-MAP");
        assertThatThrownBy(() -> new PreloadHint("p\n.m4s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenditionReport("r\".m3u8", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDateTimesWithoutAFourDigitYear() {
        assertThatThrownBy(() -> new Segment("a.ts", 2, false, Instant.parse("+10000-01-01T00:00:00Z"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROGRAM-DATE-TIME");
    }

    @Test
    void checksVariants() {
        assertThatThrownBy(() -> new Variant("v.m3u8", 0, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BANDWIDTH");
        assertThatThrownBy(() -> new Variant("v.m3u8", 1, 0L, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AVERAGE-BANDWIDTH");
        assertThatThrownBy(() -> new Variant("v.m3u8", 1, null, null, 1280, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RESOLUTION");
        assertThatThrownBy(() -> new Variant("v.m3u8", 1, null, null, 0, 720, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RESOLUTION");
        assertThatThrownBy(() -> new Variant("v.m3u8", 1, null, null, null, null, Double.NaN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FRAME-RATE");
        assertThatThrownBy(() -> new Variant("v.m3u8", 1, null, "avc1\"", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CODECS");
    }

    @Test
    void copiesItsLists() {
        List<Segment> segments = new java.util.ArrayList<>(List.of(Segment.of("a.ts", 2, null)));
        MediaPlaylist playlist = MediaPlaylist.builder().targetDuration(2).segments(segments).build();
        segments.add(Segment.of("b.ts", 2, null));
        assertThat(playlist.segments()).hasSize(1);
        assertThatThrownBy(() -> playlist.segments().add(Segment.of("c.ts", 2, null)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(playlist.toBuilder().build()).isEqualTo(playlist);
    }

    // --- live edge ---

    @Test
    void lastPartIsInTheSegmentInProgress() {
        MediaPlaylist playlist = live().addSegment(segment(10, 4)).addSegment(inProgress(11, 3)).build();
        assertThat(playlist.lastMsn()).isEqualTo(11);
        assertThat(playlist.lastPartIndex()).isEqualTo(2);
        assertThat(playlist.lastCompleteMsn()).isEqualTo(10);
        assertThat(playlist.msn(1)).isEqualTo(11);
    }

    @Test
    void aCompleteLastSegmentReportsItsOwnLastPart() {
        MediaPlaylist playlist = live().addSegment(segment(10, 4)).addSegment(segment(11, 4)).build();
        assertThat(playlist.lastMsn()).isEqualTo(11);
        assertThat(playlist.lastPartIndex()).isEqualTo(3);
        assertThat(playlist.lastCompleteMsn()).isEqualTo(11);

        // An in-progress segment without parts changes nothing.
        MediaPlaylist next = playlist.toBuilder().addSegment(inProgress(12, 0)).build();
        assertThat(next.lastMsn()).isEqualTo(11);
        assertThat(next.lastPartIndex()).isEqualTo(3);
    }

    @Test
    void withoutPartsTheLastPartIndexIsMinusOne() {
        MediaPlaylist playlist = MediaPlaylist.builder().targetDuration(2).mediaSequence(7)
                .addSegment(Segment.of("a.ts", 2, null)).build();
        assertThat(playlist.lastMsn()).isEqualTo(7);
        assertThat(playlist.lastPartIndex()).isEqualTo(-1);

        MediaPlaylist empty = MediaPlaylist.builder().targetDuration(2).mediaSequence(7).build();
        assertThat(empty.lastMsn()).isEqualTo(6);
        assertThat(empty.lastPartIndex()).isEqualTo(-1);
        assertThat(empty.lastCompleteMsn()).isEqualTo(6);
    }

    /** 6.2.5.2. */
    @Test
    void answersBlockingRequests() {
        // Segment 10 complete (parts 0-3), segment 11 in progress with parts 0-2.
        MediaPlaylist playlist = live().addSegment(segment(10, 4)).addSegment(inProgress(11, 3)).build();
        assertThat(playlist.satisfies(11, 2)).isTrue();
        assertThat(playlist.satisfies(11, 3)).isFalse();
        assertThat(playlist.satisfies(12, 0)).isFalse();
        assertThat(playlist.satisfies(10, 3)).isTrue();
        // Past the last part of complete segment 10: part 0 of segment 11.
        assertThat(playlist.satisfies(10, 4)).isTrue();
        assertThat(playlist.satisfies(10, 99)).isTrue();
        // Already gone from the playlist.
        assertThat(playlist.satisfies(3, 0)).isTrue();
        // Without _HLS_part: the segment must be complete.
        assertThat(playlist.satisfies(10, -1)).isTrue();
        assertThat(playlist.satisfies(11, -1)).isFalse();

        // Segment 11 complete with parts 0-3, nothing of 12 yet.
        MediaPlaylist closed = live().addSegment(segment(10, 4)).addSegment(segment(11, 4)).build();
        assertThat(closed.satisfies(11, 3)).isTrue();
        assertThat(closed.satisfies(11, 4)).isFalse(); // means part 0 of 12
        assertThat(closed.satisfies(12, 0)).isFalse();
        assertThat(closed.satisfies(11, -1)).isTrue();
        assertThat(closed.satisfies(12, -1)).isFalse();
    }
}
