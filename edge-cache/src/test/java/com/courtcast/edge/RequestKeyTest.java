package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestKeyTest {

    @Test
    void onlyBlockingDirectivesStayInTheKeyInAFixedOrder() {
        RequestKey key = RequestKey.parse("/live/c1/source.m3u8?x=1&_HLS_skip=YES&_HLS_part=2&cc_exp=9&_HLS_msn=17&cc_sig=abc");
        assertThat(key.key()).isEqualTo("/live/c1/source.m3u8?_HLS_msn=17&_HLS_part=2&_HLS_skip=YES");
        assertThat(key.type()).isEqualTo(ResourceType.BLOCKING_PLAYLIST);
        assertThat(key.stream()).isEqualTo("c1");
        assertThat(key.expiry()).isEqualTo("9");
        assertThat(key.signature()).isEqualTo("abc");
        assertThat(key.directory()).isEqualTo("/live/c1/");
    }

    @Test
    void resourcesAreClassifiedByName() {
        assertThat(RequestKey.parse("/live/c1/index.m3u8?t=5").key()).isEqualTo("/live/c1/index.m3u8");
        assertThat(RequestKey.parse("/live/c1/index.m3u8").type()).isEqualTo(ResourceType.MULTIVARIANT);
        assertThat(RequestKey.parse("/live/c1/source.m3u8").type()).isEqualTo(ResourceType.PLAYLIST);
        assertThat(RequestKey.parse("/live/c1/source-ab-3.1.m4s").type()).isEqualTo(ResourceType.MEDIA);
        assertThat(RequestKey.parse("/vod/c1/rec1/source/init.mp4").stream()).isEqualTo("c1");
        assertThat(RequestKey.parse("/watch/c1").type()).isEqualTo(ResourceType.OTHER);
        assertThat(RequestKey.parse("/watch/c1").stream()).isNull();
    }

    @Test
    void targetsThatAreNotPathsAreRefused() {
        assertThat(RequestKey.parse("http://elsewhere/x")).isNull();
        assertThat(RequestKey.parse("/live/../etc/passwd")).isNull();
        assertThat(RequestKey.parse("/" + "a".repeat(3000))).isNull();
    }

    @Test
    void hintedUrisResolveAgainstThePlaylist() {
        RequestKey playlist = RequestKey.parse("/live/c1/source.m3u8?_HLS_msn=3");
        assertThat(EdgeCache.resolve(playlist, "source-ab-3.2.m4s").key()).isEqualTo("/live/c1/source-ab-3.2.m4s");
        assertThat(EdgeCache.resolve(playlist, "/live/c1/x.m4s").key()).isEqualTo("/live/c1/x.m4s");
        assertThat(EdgeCache.resolve(playlist, "https://cdn.example/x.m4s")).isNull();
    }
}
