package com.courtcast.loadtest.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the viewer page's player once a second and fails on a sample where it is not playing.
 * The one exception is the moment the decoder lands on a live skip (the page's own grace, the
 * same it gives its stall count): a landing that takes longer shows as not playing next second.
 */
final class SteadyPlayback {

    private static final long LIVE_SKIP_LANDING_MS = 1_000;

    private SteadyPlayback() {
    }

    /** Returns the player's stats, one a second. */
    static List<JsonObject> assertPlaysFor(HeadlessChromium chromium, int seconds) throws InterruptedException {
        List<JsonObject> samples = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1_000);
            JsonObject stats = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
            if (!stats.getBoolean("playing") && !landingOnLiveSkip(stats)) {
                assertThat(stats.getBoolean("playing")).as("playing after %d s: %s", i + 1, stats).isTrue();
            }
            samples.add(stats);
        }
        return samples;
    }

    private static boolean landingOnLiveSkip(JsonObject stats) {
        Long sinceLiveSkip = stats.getLong("sinceLiveSkipMs");
        return sinceLiveSkip != null && sinceLiveSkip <= LIVE_SKIP_LANDING_MS;
    }
}
