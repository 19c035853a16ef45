package com.courtcast.origin.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaNamesTest {

    @Test
    void partsAreToldFromSegmentsByTheirSequenceMark() {
        assertThat(MediaNames.part("source", "k3x9", 723)).isEqualTo("source-k3x9-part723.m4s");
        assertThat(MediaNames.isPart(MediaNames.part("source", "k3x9", 723))).isTrue();
        assertThat(MediaNames.isPart(MediaNames.part("360p", "k3x9", 0))).isTrue();
        assertThat(MediaNames.isPart("source-k3x9-part.m4s")).isFalse();
        assertThat(MediaNames.isPart("source-k3x9-part7x.m4s")).isFalse();
        assertThat(MediaNames.isPart(MediaNames.segment("source", "k3x9", 120))).isFalse();
        assertThat(MediaNames.isPart(MediaNames.init("source", "k3x9"))).isFalse();
        assertThat(MediaNames.isPart("source.m3u8")).isFalse();
    }

    @Test
    void playlistNamesGiveTheirRendition() {
        assertThat(MediaNames.renditionOfPlaylist("source.m3u8")).isEqualTo("source");
        assertThat(MediaNames.renditionOfPlaylist(MediaNames.MULTIVARIANT)).isNull();
        assertThat(MediaNames.renditionOfPlaylist("../x.m3u8")).isNull();
    }
}
