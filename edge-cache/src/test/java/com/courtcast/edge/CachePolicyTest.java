package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

    private static final long S = 1_000_000_000L;
    private final CachePolicy policy = new CachePolicy(EdgeConfig.from(EdgeTesting.settings(java.net.URI.create("http://127.0.0.1:1"))));
    private final PlaylistFacts ll = new PlaylistFacts(2, 0.5, false, "p.m4s");
    private final PlaylistFacts llLongParts = new PlaylistFacts(4, 3.0, false, null);
    private final PlaylistFacts regular = new PlaylistFacts(6, 0, false, null);

    @Test
    void llMediaPlaylistsLiveAtMostOneSecondOrHalfAPart() {
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "public, max-age=1", ll))
                .isEqualTo(new Freshness(S / 4, S / 2, 6 * S));
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, null, llLongParts).freshNanos()).isEqualTo(S);
    }

    @Test
    void regularMediaPlaylistsLiveHalfATargetDurationCappedByTheOrigin() {
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, null, regular)).isEqualTo(new Freshness(3 * S, 3 * S, 18 * S));
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "max-age=2", regular).freshNanos()).isEqualTo(2 * S);
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "max-age=60, s-maxage=1", regular).freshNanos())
                .isEqualTo(S);
    }

    @Test
    void blockingResponsesLiveSixTargetDurations() {
        assertThat(policy.freshness(ResourceType.BLOCKING_PLAYLIST, 200, "public, max-age=12", ll).freshNanos())
                .isEqualTo(12 * S);
        assertThat(policy.freshness(ResourceType.BLOCKING_PLAYLIST, 200, "public, max-age=5", ll).freshNanos())
                .isEqualTo(5 * S);
    }

    @Test
    void mediaIsLongLivedAndServedStaleAsLongAsHeld() {
        Freshness media = policy.freshness(ResourceType.MEDIA, 200, "public, max-age=31536000, immutable", null);
        assertThat(media.freshNanos()).isEqualTo(31_536_000L * S);
        assertThat(media.staleNanos()).isGreaterThanOrEqualTo(Duration.ofDays(365).toNanos());
    }

    @Test
    void errorsLiveAtMostOneSecondAndNoStoreIsObeyed() {
        assertThat(policy.freshness(ResourceType.MEDIA, 404, "public, max-age=600", null)).isEqualTo(new Freshness(S, 0));
        assertThat(policy.freshness(ResourceType.PLAYLIST, 503, "no-store", ll)).isNull();
        assertThat(policy.freshness(ResourceType.MEDIA, 200, "private, max-age=60", null)).isNull();
        assertThat(policy.freshness(ResourceType.MEDIA, 200, "no-cache", null)).isNull();
        assertThat(policy.freshness(ResourceType.MEDIA, 206, "max-age=60", null)).isNull();
        assertThat(policy.freshness(ResourceType.OTHER, 200, null, null)).isEqualTo(new Freshness(0, S, 60 * S));
    }

    @Test
    void expiredResponsesAreServedWhileRefreshedForAPartTargetOrHalfATargetDuration() {
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "public, max-age=1", ll).revalidateNanos()).isEqualTo(S / 2);
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, null, regular).revalidateNanos()).isEqualTo(3 * S);
        assertThat(policy.freshness(ResourceType.MULTIVARIANT, 200, "max-age=1", null).revalidateNanos()).isEqualTo(S);
        assertThat(policy.freshness(ResourceType.BLOCKING_PLAYLIST, 200, "max-age=12", ll).revalidateNanos()).isZero();
        assertThat(policy.freshness(ResourceType.MEDIA, 404, null, null).revalidateNanos()).isZero();
    }

    @Test
    void theOriginsRevalidationDirectivesWinAndTheStaleIfErrorWindowBoundsThem() {
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "max-age=1, stale-while-revalidate=2", regular)
                .revalidateNanos()).isEqualTo(2 * S);
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "max-age=1, stale-while-revalidate=600", regular)
                .revalidateNanos()).as("capped by three target durations").isEqualTo(18 * S);
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "max-age=1, must-revalidate", ll).revalidateNanos()).isZero();
        assertThat(policy.freshness(ResourceType.OTHER, 200, "max-age=5, proxy-revalidate", null).revalidateNanos()).isZero();
    }

    @Test
    void theRevalidateWindowKeyOverridesTheDefaultsAndZeroTurnsItOff() {
        java.util.function.Function<String, CachePolicy> with = value -> new CachePolicy(EdgeConfig.from(
                EdgeTesting.settings(java.net.URI.create("http://127.0.0.1:1")).override("edge.cache.revalidateWindow", value)));
        assertThat(with.apply("200ms").freshness(ResourceType.PLAYLIST, 200, null, regular).revalidateNanos())
                .isEqualTo(S / 5);
        assertThat(with.apply("0s").freshness(ResourceType.PLAYLIST, 200, null, ll).revalidateNanos()).isZero();
        assertThat(with.apply("auto").freshness(ResourceType.PLAYLIST, 200, null, ll).revalidateNanos()).isEqualTo(S / 2);
    }

    @Test
    void anEndedPlaylistKeepsTheOriginsLifetime() {
        assertThat(policy.freshness(ResourceType.PLAYLIST, 200, "public, max-age=60",
                new PlaylistFacts(2, 0.5, true, null)).freshNanos()).isEqualTo(60 * S);
    }
}
