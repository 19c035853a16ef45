package com.courtcast.origin.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaNamesTest {

    @Test
    void partsAreToldFromSegmentsByTheirIndex() {
        assertThat(MediaNames.isPart(MediaNames.part("source", "k3x9", 120, 3))).isTrue();
        assertThat(MediaNames.isPart(MediaNames.part("360p", "k3x9", 0, 0))).isTrue();
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
