package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ListingLogTest {

    private static final Instant T0 = Instant.parse("2026-11-27T03:29:05.302Z");

    private static String courtcast(int parts) {
        StringBuilder text = new StringBuilder("""
                #EXTM3U
                #EXT-X-MEDIA-SEQUENCE:12
                #EXT-X-PROGRAM-DATE-TIME:2026-11-27T03:29:05.302Z
                """);
        for (int i = 0; i < parts; i++) {
            text.append("#EXT-X-PART:DURATION=0.2,URI=\"p-12.").append(i).append(".m4s\"\n");
        }
        return text.toString();
    }

    @Test
    void aPartEndsAtItsSegmentsDateTimePlusThePartsUpToIt() {
        ListingLog log = new ListingLog(ListingLog.Mode.PARTS_BY_PROGRAM_DATE_TIME);
        log.observe(T0.plusMillis(210), MediaPlaylist.parse(courtcast(1)));
        log.observe(T0.plusMillis(415), MediaPlaylist.parse(courtcast(2)));
        log.observe(T0.plusMillis(425), MediaPlaylist.parse(courtcast(2)));
        log.observe(T0.plusMillis(640), MediaPlaylist.parse(courtcast(3)));

        assertThat(log.listings()).extracting(ListingLog.Listing::name).containsExactly("12.1", "12.2");
        ListingLog.Listing second = log.listings().getFirst();
        assertThat(second.firstSeen()).isEqualTo(T0.plusMillis(415));
        assertThat(second.mediaEndArrival()).isEqualTo(T0.plusMillis(400));
        assertThat(second.lagMillis()).isEqualTo(15.0);
        assertThat(log.lagsMillis(T0, T0.plusSeconds(1))).containsExactly(15.0, 40.0);
    }

    @Test
    void whatTheFirstPollAlreadyListedIsLeftOut() {
        ListingLog log = new ListingLog(ListingLog.Mode.PARTS_BY_PROGRAM_DATE_TIME);
        log.observe(T0.plusMillis(900), MediaPlaylist.parse(courtcast(4)));
        log.observe(T0.plusMillis(905), MediaPlaylist.parse(courtcast(4)));
        assertThat(log.listings()).isEmpty();
    }

    @Test
    void onlyListingsFirstSeenInTheWindowCount() {
        ListingLog log = new ListingLog(ListingLog.Mode.PARTS_BY_PROGRAM_DATE_TIME);
        log.observe(T0, MediaPlaylist.parse(courtcast(0)));
        log.observe(T0.plusMillis(210), MediaPlaylist.parse(courtcast(1)));
        log.observe(T0.plusMillis(410), MediaPlaylist.parse(courtcast(2)));
        assertThat(log.lagsMillis(T0.plusMillis(300), T0.plusSeconds(1))).containsExactly(10.0);
        assertThat(log.lagsMillis(T0.plusMillis(100), T0.plusMillis(410))).containsExactly(10.0);
    }

    @Test
    void anNginxSegmentEndsWhenTheNextIsNamed() {
        ListingLog log = new ListingLog(ListingLog.Mode.SEGMENTS_BY_SYSTEM_NAME);
        String first = """
                #EXTM3U
                #EXT-X-MEDIA-SEQUENCE:18
                #EXTINF:1.000,
                bench-1795750158746.ts
                """;
        String second = first + "#EXTINF:1.000,\nbench-1795750159747.ts\n";
        String third = second + "#EXTINF:1.000,\nbench-1795750160745.ts\n";
        log.observe(Instant.ofEpochMilli(1795750159700L), MediaPlaylist.parse(first));
        log.observe(Instant.ofEpochMilli(1795750160755L), MediaPlaylist.parse(second));
        log.observe(Instant.ofEpochMilli(1795750161760L), MediaPlaylist.parse(third));

        // 18 was there at the first poll; 19 ends when 20 is named; 20's end is not known yet
        assertThat(log.listings()).extracting(ListingLog.Listing::name)
                .containsExactly("bench-1795750159747.ts", "bench-1795750160745.ts");
        assertThat(log.listings().get(0).lagMillis()).isEqualTo(10.0);
        assertThat(log.listings().get(1).mediaEndArrival()).isNull();
        assertThat(log.listings().get(1).lagMillis()).isNaN();
        assertThat(log.lagsMillis(Instant.EPOCH, Instant.ofEpochMilli(1795750170000L))).containsExactly(10.0);
    }

    @Test
    void readsTheTimeInASystemClockName() {
        assertThat(ListingLog.nameTime("bench-1795750158746.ts")).isEqualTo(Instant.ofEpochMilli(1795750158746L));
        assertThat(ListingLog.nameTime("http://127.0.0.1:1/hls/bench-1795750158746.ts?x=1"))
                .isEqualTo(Instant.ofEpochMilli(1795750158746L));
        assertThat(ListingLog.nameTime("bench-18.ts")).isNull();
        assertThat(ListingLog.nameTime("source-683a6a094965-11.3.m4s")).isNull();
    }
}
