package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.config.Settings;
import com.courtcast.common.playback.PlaybackSigner;
import com.courtcast.common.playback.PlaybackToken;
import com.courtcast.common.playback.Subnet;
import com.courtcast.common.testing.MutableClock;
import com.courtcast.common.testing.NettyLeakCheck;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restricted hearing plays only with a valid signed URL; the token reaches every request the
 * player makes next through the playlists the edge rewrites, while all viewers share one cached copy.
 */
@ExtendWith(NettyLeakCheck.class)
class RestrictedPlaybackTest {

    private static final String KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String PLAYLIST = "/live/closed1/source.m3u8";
    private static final String SEGMENT = "/live/closed1/source-ab12-4.m4s";

    @Test
    void aValidTokenPlaysEverythingAndAMissingBadOrExpiredOneIsRefused() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        PlaybackSigner signer = new PlaybackSigner(HexFormat.of().parseHex(KEY));
        try (FakeOrigin origin = new FakeOrigin()) {
            Settings settings = EdgeTesting.settings(origin.uri())
                    .override("playback.restricted", "closed1").override("playback.signingKey", KEY);
            try (EdgeServer edge = EdgeTesting.start(settings, new ManualTicker(), clock)) {
                origin.on(PLAYLIST, exchange -> FakeOrigin.send(exchange, 200, "application/vnd.apple.mpegurl",
                        "public, max-age=1", LiveHlsEdgeTest.playlist(5, 1).getBytes(StandardCharsets.UTF_8)));
                origin.on(SEGMENT, exchange -> FakeOrigin.send(exchange, 200, "video/mp4",
                        "public, max-age=31536000, immutable", new byte[777]));
                origin.on("/live/open1/source.m3u8", exchange -> FakeOrigin.send(exchange, 200,
                        "application/vnd.apple.mpegurl", "public, max-age=1",
                        LiveHlsEdgeTest.playlist(5, 1).getBytes(StandardCharsets.UTF_8)));

                HttpResponse<String> missing = EdgeTesting.getText(edge, PLAYLIST);
                assertThat(missing.statusCode()).isEqualTo(403);
                assertThat(missing.body()).contains("restricted", "no token");

                PlaybackToken token = signer.sign("closed1", clock.instant().plus(Duration.ofHours(2)), null);
                HttpResponse<String> playlist = EdgeTesting.getText(edge, PLAYLIST + "?" + token.query());
                assertThat(playlist.statusCode()).isEqualTo(200);
                String q = token.query();
                assertThat(playlist.body()).contains(
                        "#EXT-X-MAP:URI=\"source-ab12-init.mp4?" + q + "\"",
                        "\nsource-ab12-4.m4s?" + q + "\n",
                        "URI=\"source-ab12-5.1.m4s?" + q + "\",INDEPENDENT=YES",
                        "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"source-ab12-5.2.m4s?" + q + "\"");
                assertThat(playlist.headers().firstValue("Cache-Control")).hasValue("private, max-age=1");
                assertThat(EdgeTesting.getText(edge, PLAYLIST + "?" + token.query() + "&cc_extra=x").body())
                        .as("only the token's own parameters are carried").doesNotContain("cc_extra");

                // The edge asked the origin with its own token, never the viewer's.
                assertThat(origin.requests()).filteredOn(r -> r.startsWith(PLAYLIST)).singleElement()
                        .satisfies(r -> assertThat(r).contains("cc_sig=").doesNotContain(token.signature()));

                assertThat(EdgeTesting.get(edge, SEGMENT + "?" + q).body()).hasSize(777);
                assertThat(EdgeTesting.getText(edge, SEGMENT).statusCode()).isEqualTo(403);

                PlaybackToken other = signer.sign("closed2", clock.instant().plus(Duration.ofHours(2)), null);
                HttpResponse<String> wrong = EdgeTesting.getText(edge, SEGMENT + "?" + other.query());
                assertThat(wrong.statusCode()).isEqualTo(403);
                assertThat(wrong.body()).contains("not valid for this stream");

                PlaybackToken local = signer.sign("closed1", clock.instant().plus(Duration.ofHours(2)),
                        Subnet.parse("127.0.0.0/8"));
                assertThat(EdgeTesting.get(edge, SEGMENT + "?" + local.query()).statusCode()).isEqualTo(200);
                PlaybackToken elsewhere = signer.sign("closed1", clock.instant().plus(Duration.ofHours(2)),
                        Subnet.parse("203.0.113.0/24"));
                assertThat(EdgeTesting.getText(edge, SEGMENT + "?" + elsewhere.query()).body()).contains("network");

                clock.advance(Duration.ofHours(2));
                HttpResponse<String> expired = EdgeTesting.getText(edge, SEGMENT + "?" + q);
                assertThat(expired.statusCode()).isEqualTo(403);
                assertThat(expired.body()).contains("expired");

                assertThat(EdgeTesting.getText(edge, "/live/open1/source.m3u8").statusCode())
                        .as("public hearings need no token").isEqualTo(200);
                assertThat(origin.count(SEGMENT)).isEqualTo(1);
            }
        }
    }
}
