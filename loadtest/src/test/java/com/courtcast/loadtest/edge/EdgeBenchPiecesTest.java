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
        assertThat(PartName.preloadHint(playlist)).isEqualTo("source-b3nch-120.3.m4s");
        assertThat(StaticOrigin.PART_PATH).endsWith("/" + PartName.preloadHint(playlist));
        assertThat(PartName.parts(playlist)).containsExactly("source-b3nch-120.0.m4s", "source-b3nch-120.1.m4s",
                "source-b3nch-120.2.m4s");
    }

    @Test
    void partNamesGiveTheirPositionAndBlockingQuery() {
        assertThat(PartName.of("source-ab12-120.3.m4s")).isEqualTo(new PartName(120, 3));
        assertThat(PartName.of("source-ab12-7.0.m4s?cc_exp=1&cc_sig=x")).isEqualTo(new PartName(7, 0));
        assertThat(PartName.of("source-ab12-120.m4s")).isNull();
        assertThat(new PartName(120, 3).blockingQuery()).isEqualTo("_HLS_msn=120&_HLS_part=3");
        assertThat(new PartName(121, 0)).isGreaterThan(new PartName(120, 6));
        assertThat(new PartName(120, 2)).isLessThan(new PartName(120, 3));
        assertThat(new PartName(120, 3).follows(new PartName(120, 2))).isTrue();
        assertThat(new PartName(121, 0).follows(new PartName(120, 6))).isFalse();
        assertThat(new PartName(120, 4).follows(new PartName(120, 2))).isFalse();
        assertThat(PartName.preloadHint("#EXTM3U\n#EXT-X-PRELOAD-HINT:TYPE=MAP,URI=\"init.mp4\"\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"a-1.2.m4s\"\n")).isEqualTo("a-1.2.m4s");
        assertThat(PartName.preloadHint("#EXTM3U\n#EXT-X-PART:DURATION=0.3,URI=\"a-1.1.m4s\"\n")).isNull();
        assertThat(PartAvailabilityProbe.file("/live/x/source-ab12-7.0.m4s?cc_exp=1")).isEqualTo("source-ab12-7.0.m4s");
    }

    @Test
    void optionsHaveTheIssuesDefaultsAndRefuseNonsense() {
        EdgeBenchOptions defaults = EdgeBenchOptions.parse(List.of(), Path.of("/repo"));

        assertThat(defaults.connections()).isEqualTo(200);
        assertThat(defaults.viewers()).isEqualTo(2000);
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
