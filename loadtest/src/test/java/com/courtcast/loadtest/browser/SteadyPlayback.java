package com.courtcast.loadtest.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the viewer page's player: once a second it must be playing, but for the moment the
 * decoder lands on a live skip (the page says when, by the grace it gives its own stall count;
 * a landing that takes longer shows as not playing next second). At the end, no stall.
 */
final class SteadyPlayback {

    private SteadyPlayback() {
    }

    /** Returns the player's stats, one a second. */
    static List<JsonObject> assertPlaysFor(HeadlessChromium chromium, int seconds) throws InterruptedException {
        List<JsonObject> samples = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1_000);
            JsonObject stats = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
            assertThat(stats.getBoolean("playing") || stats.getBoolean("landingOnLiveSkip"))
                    .as("playing after %d s: %s", i + 1, stats).isTrue();
            samples.add(stats);
        }
        return samples;
    }

    /** No stall between two samples of the player's stats; on failure, the stalls the page kept. */
    static void assertNoNewStalls(JsonObject start, JsonObject end, HeadlessChromium chromium) {
        assertThat(end.getInteger("stalls")).as("stalls %s, errors %s, console %s", end.getValue("stallEvents"),
                end.getValue("errors"), chromium.consoleLog()).isEqualTo(start.getInteger("stalls"));
    }
}
