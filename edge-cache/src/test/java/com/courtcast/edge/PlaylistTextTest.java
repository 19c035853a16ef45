package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line scanner and the token rewriter against LL-HLS playlists. */
class PlaylistTextTest {

    private static final String MULTIVARIANT = "#EXTM3U\n"
            + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"audio.m3u8\"\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"a\"\n"
            + "source.m3u8\n";

    @Test
    void scanFindsTargetsHintAndEnd() {
        PlaylistFacts facts = PlaylistFacts.scan(LiveHlsEdgeTest.playlist(5, 1).replace("\n", "\r\n"));
        assertThat(facts).isEqualTo(new PlaylistFacts(2, 0.5, false, "source-ab12-5.2.m4s"));
        assertThat(PlaylistFacts.scan("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n"))
                .isEqualTo(new PlaylistFacts(4, 0, true, null));
        assertThat(PlaylistFacts.scan(
                "#EXTM3U\n#EXT-X-PRELOAD-HINT:TYPE=MAP,URI=\"init2.mp4\"\n").preloadHintUri()).isNull();
        assertThat(PlaylistFacts.scan(MULTIVARIANT).targetDuration()).isZero();
    }

    @Test
    void everyUriCarriesTheToken() {
        String rewritten = PlaylistRewriter.appendQuery(LiveHlsEdgeTest.playlist(5, 1)
                + "#EXT-X-RENDITION-REPORT:URI=\"low.m3u8?x=1\",LAST-MSN=5,LAST-PART=1\n", "cc_exp=1&cc_sig=s");
        assertThat(rewritten).isEqualTo("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n"
                + "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5\n"
                + "#EXT-X-PART-INF:PART-TARGET=0.5\n#EXT-X-MEDIA-SEQUENCE:4\n"
                + "#EXT-X-MAP:URI=\"source-ab12-init.mp4?cc_exp=1&cc_sig=s\"\n"
                + "#EXTINF:2.0,\nsource-ab12-4.m4s?cc_exp=1&cc_sig=s\n"
                + "#EXT-X-PART:DURATION=0.5,URI=\"source-ab12-5.1.m4s?cc_exp=1&cc_sig=s\",INDEPENDENT=YES\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"source-ab12-5.2.m4s?cc_exp=1&cc_sig=s\"\n"
                + "#EXT-X-RENDITION-REPORT:URI=\"low.m3u8?x=1&cc_exp=1&cc_sig=s\",LAST-MSN=5,LAST-PART=1\n");
        assertThat(PlaylistRewriter.appendQuery(MULTIVARIANT, "t=1"))
                .contains("URI=\"audio.m3u8?t=1\"", "\nsource.m3u8?t=1\n", "CODECS=\"avc1.64001f,mp4a.40.2\"");
    }
}
