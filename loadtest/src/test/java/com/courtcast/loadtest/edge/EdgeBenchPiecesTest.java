package com.courtcast.loadtest.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeBenchPiecesTest {

    @Test
    void theOriginsPlaylistIsAboutOneKilobyteAndHintsThePartItServes() {
        String playlist = new String(StaticOrigin.playlist(), StandardCharsets.UTF_8);

        assertThat(playlist.length()).isBetween(800, StaticOrigin.PLAYLIST_BYTES);
        assertThat(playlist).startsWith("#EXTM3U\n").contains("#EXT-X-PART-INF:PART-TARGET=0.334");
        assertThat(PlaylistParts.preloadHint(playlist)).isEqualTo("source-b3nch-part723.m4s");
        assertThat(StaticOrigin.PART_PATH).endsWith("/" + PlaylistParts.preloadHint(playlist));
        assertThat(PlaylistParts.parts(playlist)).containsExactly("source-b3nch-part720.m4s",
                "source-b3nch-part721.m4s", "source-b3nch-part722.m4s");
        assertThat(PlaylistParts.newest(playlist))
                .isEqualTo(new PlaylistParts.Listed("source-b3nch-part722.m4s", new PartPosition(120, 2)));
    }

    @Test
    void partsGetTheirPlaceFromThePlaylistNotTheirName() {
        String playlist = """
                #EXTM3U
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:40
                #EXT-X-SKIP:SKIPPED-SEGMENTS=3
                #EXTINF:2.0,
                s-43.m4s
                #EXT-X-PART:DURATION=0.3,URI="s-part264.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.3,URI="s-part265.m4s"
                #EXTINF:0.6,
                s-44.m4s

                #EXT-X-PART:DURATION=0.3,URI="s-part266.m4s?cc_sig=x",INDEPENDENT=YES
                #EXT-X-PRELOAD-HINT:TYPE=PART,URI="s-part267.m4s"
                """;

        assertThat(PlaylistParts.listed(playlist)).containsExactly(
                new PlaylistParts.Listed("s-part264.m4s", new PartPosition(44, 0)),
                new PlaylistParts.Listed("s-part265.m4s", new PartPosition(44, 1)),
                new PlaylistParts.Listed("s-part266.m4s?cc_sig=x", new PartPosition(45, 0)));
        assertThat(PlaylistParts.newest(playlist).position().next().blockingQuery()).isEqualTo("_HLS_msn=45&_HLS_part=1");
        assertThat(PlaylistParts.newest("#EXTM3U\n#EXTINF:2.0,\ns-1.m4s\n")).isNull();
        assertThat(new PartPosition(121, 0)).isGreaterThan(new PartPosition(120, 6));
        assertThat(new PartPosition(120, 2)).isLessThan(new PartPosition(120, 3));
        assertThat(PlaylistParts.preloadHint("#EXTM3U\n#EXT-X-PRELOAD-HINT:TYPE=MAP,URI=\"init.mp4\"\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"a-part2.m4s\"\n")).isEqualTo("a-part2.m4s");
        assertThat(PlaylistParts.preloadHint("#EXTM3U\n#EXT-X-PART:DURATION=0.3,URI=\"a-part1.m4s\"\n")).isNull();
        assertThat(PartAvailabilityProbe.file("/live/x/source-ab12-part7.m4s?cc_exp=1"))
                .isEqualTo("source-ab12-part7.m4s");
    }

    @Test
    void optionsHaveTheIssuesDefaultsAndRefuseNonsense() {
        EdgeBenchOptions defaults = EdgeBenchOptions.parse(List.of(), Path.of("/repo"));

        assertThat(defaults.connections()).isEqualTo(200);
        assertThat(defaults.viewers()).containsExactly(2000);
        assertThat(defaults.nginxLive()).isTrue();
        EdgeBenchOptions scaling = EdgeBenchOptions.parse(List.of("--viewers", "500, 1000,2000,500", "--no-nginx-live"),
                Path.of("/r"));
        assertThat(scaling.viewers()).containsExactly(500, 1000, 2000);
        assertThat(scaling.nginxLive()).isFalse();
        assertThat(EdgeBenchOptions.parse(List.of("--viewers", "0"), Path.of("/r")).viewers()).isEmpty();
        assertThatThrownBy(() -> EdgeBenchOptions.parse(List.of("--viewers", "100,x"), Path.of("/r")))
                .hasMessageContaining("--viewers");
        assertThat(defaults.throughput()).isTrue();
        assertThat(defaults.resultsDir()).isEqualTo(Path.of("/repo/loadtest/results"));
        assertThat(EdgeBenchOptions.parse(List.of("--no-throughput", "--viewers", "0"), Path.of("/r")).throughput())
                .isFalse();
        assertThatThrownBy(() -> EdgeBenchOptions.parse(List.of("--connections", "0"), Path.of("/r")))
                .hasMessageContaining("--connections must be 1..20000, was 0");
        assertThatThrownBy(() -> EdgeBenchOptions.parse(List.of("--viewers"), Path.of("/r")))
                .hasMessageContaining("--viewers needs a value");
    }
}
