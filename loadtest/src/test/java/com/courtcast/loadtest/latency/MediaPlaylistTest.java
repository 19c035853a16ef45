package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MediaPlaylistTest {

    /** Shaped like CourtCast's LL-HLS media playlist (PART-TARGET 0.2 s, 2 s segments). */
    static final String COURTCAST = """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:10
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.603,HOLD-BACK=6
            #EXT-X-PART-INF:PART-TARGET=0.201
            #EXT-X-PROGRAM-DATE-TIME:2026-11-27T03:29:01.302Z
            #EXT-X-MAP:URI="source-ab-init.mp4"
            #EXTINF:2,
            source-ab-10.m4s
            #EXTINF:2.000,
            source-ab-11.m4s
            #EXT-X-PROGRAM-DATE-TIME:2026-11-27T03:29:05.302Z
            #EXT-X-PART:DURATION=0.2,URI="source-ab-12.0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.2,URI="source-ab-12.1.m4s"
            #EXTINF:0.4,
            source-ab-12.m4s
            #EXT-X-PROGRAM-DATE-TIME:2026-11-27T03:29:05.702+00:00
            #EXT-X-PART:DURATION=0.2,URI="source-ab-13.0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.201,URI="source-ab-13.1.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="source-ab-13.2.m4s"
            """;

    /** nginx-rtmp's HLS playlist with hls_fragment_naming system. */
    static final String NGINX = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA-SEQUENCE:18
            #EXT-X-TARGETDURATION:1
            #EXTINF:1.000,
            bench-1795750158746.ts
            #EXTINF:1.001,
            bench-1795750159747.ts
            """;

    @Test
    void readsSegmentsPartsAndDateTimes() {
        MediaPlaylist playlist = MediaPlaylist.parse(COURTCAST);
        assertThat(playlist.mediaSequence()).isEqualTo(10);
        assertThat(playlist.mapUri()).isEqualTo("source-ab-init.mp4");
        assertThat(playlist.segments()).extracting(MediaPlaylist.Segment::msn).containsExactly(10L, 11L, 12L, 13L);

        MediaPlaylist.Segment first = playlist.segments().get(0);
        assertThat(first.uri()).isEqualTo("source-ab-10.m4s");
        assertThat(first.durationSeconds()).isEqualTo(2.0);
        assertThat(first.programDateTime()).isEqualTo(Instant.parse("2026-11-27T03:29:01.302Z"));
        assertThat(first.parts()).isEmpty();

        MediaPlaylist.Segment withParts = playlist.segments().get(2);
        assertThat(withParts.parts()).containsExactly(
                new MediaPlaylist.Part(0, 0.2, "source-ab-12.0.m4s"),
                new MediaPlaylist.Part(1, 0.2, "source-ab-12.1.m4s"));
        assertThat(withParts.open()).isFalse();
    }

    @Test
    void aSegmentWithoutItsOwnDateTimeFollowsThePreviousOne() {
        MediaPlaylist.Segment second = MediaPlaylist.parse(COURTCAST).segments().get(1);
        assertThat(second.programDateTime()).isEqualTo(Instant.parse("2026-11-27T03:29:03.302Z"));
    }

    @Test
    void trailingPartsMakeAnOpenSegment() {
        MediaPlaylist.Segment open = MediaPlaylist.parse(COURTCAST).segments().getLast();
        assertThat(open.open()).isTrue();
        assertThat(open.msn()).isEqualTo(13);
        assertThat(open.durationSeconds()).isNaN();
        assertThat(open.programDateTime()).isEqualTo(Instant.parse("2026-11-27T03:29:05.702Z"));
        assertThat(open.parts()).extracting(MediaPlaylist.Part::durationSeconds).containsExactly(0.2, 0.201);
    }

    @Test
    void readsAPlaylistWithoutPartsOrDateTimes() {
        MediaPlaylist playlist = MediaPlaylist.parse(NGINX);
        assertThat(playlist.mapUri()).isNull();
        assertThat(playlist.segments()).extracting(MediaPlaylist.Segment::uri)
                .containsExactly("bench-1795750158746.ts", "bench-1795750159747.ts");
        assertThat(playlist.segments()).extracting(MediaPlaylist.Segment::msn).containsExactly(18L, 19L);
        assertThat(playlist.segments()).allSatisfy(s -> assertThat(s.programDateTime()).isNull());
        assertThat(playlist.segments().get(1).durationSeconds()).isEqualTo(1.001);
    }

    @Test
    void countsSkippedSegmentsOfADeltaUpdate() {
        MediaPlaylist playlist = MediaPlaylist.parse("""
                #EXTM3U
                #EXT-X-MEDIA-SEQUENCE:100
                #EXT-X-SKIP:SKIPPED-SEGMENTS=60
                #EXTINF:2,
                a-160.m4s
                """);
        assertThat(playlist.segments().getFirst().msn()).isEqualTo(160);
    }

    @Test
    void readsQuotedAndPlainAttributes() {
        String line = "#EXT-X-PART:DURATION=0.2,URI=\"a,b=c.m4s\",INDEPENDENT=YES";
        assertThat(MediaPlaylist.attribute(line, "URI")).isEqualTo("a,b=c.m4s");
        assertThat(MediaPlaylist.attribute(line, "INDEPENDENT")).isEqualTo("YES");
        assertThat(MediaPlaylist.attribute(line, "GAP")).isNull();
    }
}
