package com.courtcast.common.hls;

import static com.courtcast.common.hls.Playlists.golden;
import static com.courtcast.common.hls.Playlists.parts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole playlists against golden files. Each golden file was written by hand from the spec (the
 * first from the example of section 9), not produced by this writer.
 */
class PlaylistWriterTest {

    /**
     * draft-pantos-hls-rfc8216bis section 9, "Low-Latency Playlist". Differences from the spec's
     * text, all formatting or the one value noted in {@link Playlists#specExample()}: EXT-X-VERSION
     * comes first, decimals lose trailing zeros ({@code PART-HOLD-BACK=1}), CAN-SKIP-UNTIL is 24,
     * and there are no blank lines. Version 6 as in the example (EXT-X-MAP). The parts of segments
     * 266-270 are dropped exactly where the example drops them.
     */
    @Test
    void writesTheSpecLowLatencyExample() {
        assertThat(PlaylistWriter.write(Playlists.specExample())).isEqualTo(golden("ll-spec-example.m3u8"));
    }

    @Test
    void writesDiscontinuitiesNewMapsAndTheDiscontinuitySequence() {
        assertThat(PlaylistWriter.write(Playlists.liveWindow())).isEqualTo(golden("ll-window.m3u8"));
    }

    /**
     * CAN-SKIP-UNTIL 12 s, last complete segment ends at 24 s: segments 100-104 end 14 s or more
     * before it and are skipped; 105 ends exactly 12 s before it and stays. 105 inherits the map of
     * skipped 104, so no EXT-X-MAP; the skipped PROGRAM-DATE-TIMEs go too.
     */
    @Test
    void writesDeltaUpdateForSkipYes() {
        assertThat(PlaylistWriter.writeDelta(Playlists.liveWindow(), SkipRequest.YES))
                .isEqualTo(golden("ll-window-delta-yes.m3u8"));
    }

    @Test
    void writesDeltaUpdateForSkipV2WithEmptyRecentlyRemovedDateRanges() {
        assertThat(PlaylistWriter.writeDelta(Playlists.liveWindow(), SkipRequest.V2))
                .isEqualTo(golden("ll-window-delta-v2.m3u8"));
    }

    @Test
    void writesVod() {
        MediaPlaylist vod = MediaPlaylist.builder()
                .targetDuration(10)
                .playlistType(PlaylistType.VOD)
                .independentSegments(true)
                .addSegment(Segment.of("hearing-0.ts", 9.009, null))
                .addSegment(Segment.of("hearing-1.ts", 9.009, null))
                .addSegment(Segment.of("hearing-2.ts", 10.4, null)) // rounds to 10: allowed
                .addSegment(Segment.of("hearing-3.ts", 4.5045, null))
                .endList(true)
                .build();
        assertThat(PlaylistWriter.write(vod)).isEqualTo(golden("vod.m3u8"));
    }

    @Test
    void writesMultivariantPlaylist() {
        MultivariantPlaylist playlist = new MultivariantPlaylist(true, List.of(
                new Variant("720p/playlist.m3u8", 3_000_000, 2_500_000L, "avc1.64001f,mp4a.40.2", 1280, 720,
                        30000 / 1001.0, "720p"),
                new Variant("360p/playlist.m3u8", 800_000, null, "avc1.42c01e,mp4a.40.2", 640, 360, 30.0, "360p")));
        assertThat(PlaylistWriter.write(playlist)).isEqualTo(golden("multivariant.m3u8"));
    }

    @Test
    void multivariantOmitsOptionalAttributes() {
        MultivariantPlaylist playlist = new MultivariantPlaylist(false, List.of(
                new Variant("audio.m3u8", 128_000, null, null, null, null, null, null)));
        assertThat(PlaylistWriter.write(playlist))
                .isEqualTo("#EXTM3U\n#EXT-X-VERSION:1\n#EXT-X-STREAM-INF:BANDWIDTH=128000\naudio.m3u8\n");
    }

    @Test
    void versionIsTheLowestTheWrittenTagsNeed() {
        MediaPlaylist whole = MediaPlaylist.builder().targetDuration(6)
                .addSegment(Segment.of("a.ts", 6, null)).build();
        assertThat(PlaylistWriter.write(whole)).startsWith("#EXTM3U\n#EXT-X-VERSION:1\n").contains("#EXTINF:6,\n");

        MediaPlaylist fractional = whole.toBuilder().addSegment(Segment.of("b.ts", 5.5, null)).build();
        assertThat(PlaylistWriter.write(fractional)).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n");

        MediaPlaylist mapped = MediaPlaylist.builder().targetDuration(6)
                .addSegment(Segment.of("a.m4s", 6, "init.mp4")).build();
        assertThat(PlaylistWriter.write(mapped)).startsWith("#EXTM3U\n#EXT-X-VERSION:6\n");
    }

    @Test
    void writesEventPlaylistTypeAndOmitsEmptyServerControl() {
        MediaPlaylist event = MediaPlaylist.builder().targetDuration(2)
                .playlistType(PlaylistType.EVENT)
                .serverControl(new ServerControl(false, 0, 0, 0))
                .addSegment(Segment.of("a.ts", 2, null)).build();
        assertThat(PlaylistWriter.write(event)).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:1
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXTINF:2,
                a.ts
                """);
    }

    @Test
    void writesNothingForAnInProgressSegmentWithoutParts() {
        MediaPlaylist playlist = Playlists.liveWindow().toBuilder()
                .segments(Playlists.liveWindow().segments().subList(0, 12))
                // A new segment with a discontinuity and a new map, but no part yet.
                .addSegment(new Segment(null, 0, true, Instant.parse("2026-11-27T02:20:20Z"), "init-c.mp4", List.of()))
                .preloadHint(new PreloadHint("part112.0.m4s"))
                .build();
        String text = PlaylistWriter.write(playlist);
        assertThat(text).doesNotContain("init-c.mp4").doesNotContain("02:20:20");
        assertThat(text).contains("seg111.m4s\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part112.0.m4s\"\n");
    }

    @Test
    void writesSegmentTagsOfTheInProgressSegmentBeforeItsFirstPart() {
        MediaPlaylist playlist = Playlists.liveWindow().toBuilder()
                .segments(Playlists.liveWindow().segments().subList(0, 12))
                .addSegment(new Segment(null, 0, true, Instant.parse("2026-11-27T02:20:20Z"), "init-c.mp4",
                        parts(112, 1)))
                .build();
        assertThat(PlaylistWriter.write(playlist)).contains("""
                seg111.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-PROGRAM-DATE-TIME:2026-11-27T02:20:20.000Z
                #EXT-X-MAP:URI="init-c.mp4"
                #EXT-X-PART:DURATION=0.5,URI="part112.0.m4s",INDEPENDENT=YES
                #EXT-X-PRELOAD-HINT""");
    }

    /** 6.2.2: EXT-X-PART tags go once more than three target durations from the end. */
    @Test
    void dropsThePartsOfSegmentsStartingMoreThanThreeTargetDurationsFromTheEnd() {
        // Target 2 s, segments of 2 s with four parts, in-progress segment with 1 part (0.5 s).
        MediaPlaylist.Builder b = MediaPlaylist.builder().targetDuration(2).partTarget(0.5)
                .serverControl(new ServerControl(true, 1.5, 0, 0));
        for (int msn = 0; msn < 5; msn++) {
            b.addSegment(new Segment("s" + msn + ".m4s", 2, false, null, null, parts(msn, 4)));
        }
        // End of playlist 10.5 s. Segment 2 starts 6.5 s before it: no parts. Segment 3: 4.5 s.
        String text = PlaylistWriter.write(b.addSegment(new Segment(null, 0, false, null, null, parts(5, 1))).build());
        assertThat(text).doesNotContain("part0.").doesNotContain("part1.").doesNotContain("part2.");
        assertThat(text).contains("part3.0.m4s", "part3.3.m4s", "part4.0.m4s", "part5.0.m4s");

        // A segment starting exactly three target durations (6 s) before the end keeps its parts.
        MediaPlaylist.Builder exact = MediaPlaylist.builder().targetDuration(2).partTarget(0.5)
                .serverControl(new ServerControl(true, 1.5, 0, 0));
        for (int msn = 0; msn < 4; msn++) {
            exact.addSegment(new Segment("s" + msn + ".m4s", 2, false, null, null, parts(msn, 4)));
        }
        assertThat(PlaylistWriter.write(exact.build())).doesNotContain("part0.").contains("part1.0.m4s");
    }

    /** Dropping only some parts of a segment would shift the Part Index of the rest. */
    @Test
    void dropsAllPartsOfASegmentOrNone() {
        String text = PlaylistWriter.write(Playlists.specExample());
        // Parts of 270 reach to 9 s from the end, yet the segment starts 13 s before it.
        assertThat(text).doesNotContain("filePart270.");
        assertThat(text).contains("filePart271.0.mp4");
    }

    @Test
    void deltaFallsBackToTheFullPlaylistWhenTheDirectiveMustBeIgnored() {
        MediaPlaylist live = Playlists.liveWindow();
        String full = PlaylistWriter.write(live);
        assertThat(PlaylistWriter.writeDelta(live, null)).isEqualTo(full);

        MediaPlaylist noSkip = live.toBuilder().serverControl(new ServerControl(true, 1.5, 6, 0)).build();
        assertThat(PlaylistWriter.writeDelta(noSkip, SkipRequest.YES)).isEqualTo(PlaylistWriter.write(noSkip));

        MediaPlaylist noControl = MediaPlaylist.builder().targetDuration(2)
                .segments(List.of(Segment.of("a.ts", 2, null))).build();
        assertThat(PlaylistWriter.writeDelta(noControl, SkipRequest.V2)).isEqualTo(PlaylistWriter.write(noControl));

        MediaPlaylist ended = live.toBuilder()
                .segments(live.segments().subList(0, 12))
                .preloadHint(null)
                .endList(true)
                .build();
        assertThat(PlaylistWriter.writeDelta(ended, SkipRequest.YES))
                .isEqualTo(PlaylistWriter.write(ended))
                .doesNotContain("EXT-X-SKIP");
    }

    @Test
    void deltaFallsBackToTheFullPlaylistWhenNothingIsOldEnough() {
        MediaPlaylist live = Playlists.liveWindow();
        // 7 segments = 14 s; the first ends 12 s before the last: not further than the 12 s boundary.
        MediaPlaylist shortWindow = live.toBuilder().mediaSequence(105).discontinuitySequence(8)
                .segments(live.segments().subList(5, 13)).build();
        assertThat(PlaylistWriter.writeDelta(shortWindow, SkipRequest.YES))
                .isEqualTo(PlaylistWriter.write(shortWindow))
                .doesNotContain("EXT-X-SKIP");
    }

    @Test
    void deltaWritesTheMapOfTheFirstRemainingSegmentWhenItChanges() {
        MediaPlaylist live = Playlists.liveWindow();
        // Window from MSN 101: 101-103 use init-a; 104 (discontinuity, init-b) becomes the first
        // segment left after skipping 101-103 (11 complete segments, 22 s; 104 ends 14 s before the
        // end, not further than the 14 s boundary).
        MediaPlaylist window = live.toBuilder().mediaSequence(101)
                .serverControl(new ServerControl(true, 1.5, 6, 14))
                .segments(live.segments().subList(1, 13)).build();
        assertThat(PlaylistWriter.writeDelta(window, SkipRequest.YES)).contains("""
                #EXT-X-PART-INF:PART-TARGET=0.5
                #EXT-X-SKIP:SKIPPED-SEGMENTS=3
                #EXT-X-DISCONTINUITY
                #EXT-X-PROGRAM-DATE-TIME:2026-11-27T02:19:58.123Z
                #EXT-X-MAP:URI="init-b.mp4"
                #EXTINF:2,
                seg104.m4s
                """);
    }

    @Test
    void skipBoundaryIsMeasuredFromTheEndOfTheLastCompleteSegment() {
        List<Segment> segments = List.of(
                Segment.of("a", 2, null), Segment.of("b", 2, null), Segment.of("c", 2, null),
                new Segment(null, 0, false, null, null, parts(3, 3)));
        // c ends at 6 s: a ends 4 s before it, b 2 s.
        assertThat(PlaylistWriter.skippableSegments(segments, HlsText.ticks(3.99999))).isEqualTo(1);
        assertThat(PlaylistWriter.skippableSegments(segments, HlsText.ticks(4))).isZero();
        assertThat(PlaylistWriter.skippableSegments(segments, HlsText.ticks(1))).isEqualTo(2);
        assertThat(PlaylistWriter.skippableSegments(List.of(), HlsText.ticks(1))).isZero();
    }

    @Test
    void serverControlOmitsZeroAttributes() {
        MediaPlaylist playlist = MediaPlaylist.builder().targetDuration(2)
                .serverControl(new ServerControl(false, 0, 6.5, 0))
                .addSegment(Segment.of("a.ts", 2, null)).build();
        assertThat(PlaylistWriter.write(playlist)).contains("\n#EXT-X-SERVER-CONTROL:HOLD-BACK=6.5\n");
    }

    @Test
    void writesAnEmptyLivePlaylist() {
        MediaPlaylist empty = MediaPlaylist.builder().targetDuration(2).mediaSequence(5).segments(List.of()).build();
        assertThat(PlaylistWriter.write(empty))
                .isEqualTo("#EXTM3U\n#EXT-X-VERSION:1\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:5\n");
    }
}
