package com.courtcast.transcoder.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.MutableClock;
import com.courtcast.transcoder.ladder.ShedPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShedPolicyTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    // Shed past 10 queued frames, at most once a second; restore after 10 s at 2 or fewer.
    private final ShedPolicy policy = new ShedPolicy(new LadderConfig("libx264", "veryfast", Duration.ofSeconds(1),
            1, 1, 90, 10, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)), clock);

    @Test
    void aQueuePastTheBoundShedsOneRungPerInterval() {
        assertThat(policy.observe(10, true, false)).isEqualTo(Decision.NONE);
        assertThat(policy.observe(11, true, false)).isEqualTo(Decision.SHED);
        clock.advance(Duration.ofMillis(500));
        assertThat(policy.observe(20, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofMillis(500));
        assertThat(policy.observe(20, true, true)).isEqualTo(Decision.SHED);
        assertThat(policy.observe(20, false, true)).isEqualTo(Decision.NONE);
    }

    @Test
    void aShedRungComesBackOnlyAfterAnUnbrokenCalmStretchAndOneAtATime() {
        assertThat(policy.observe(30, true, false)).isEqualTo(Decision.SHED);
        assertThat(policy.observe(2, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(9));
        assertThat(policy.observe(5, true, true)).isEqualTo(Decision.NONE); // not calm: starts over
        assertThat(policy.observe(1, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(9));
        assertThat(policy.observe(1, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.observe(0, true, true)).isEqualTo(Decision.RESTORE);
        assertThat(policy.observe(0, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(10));
        assertThat(policy.observe(0, true, true)).isEqualTo(Decision.RESTORE);
        clock.advance(Duration.ofSeconds(10));
        assertThat(policy.observe(0, true, false)).isEqualTo(Decision.NONE);
    }

    @Test
    void anOverflowRestartsTheCalmStretch() {
        policy.observe(0, true, true);
        clock.advance(Duration.ofSeconds(9));
        policy.overflowed();
        assertThat(policy.observe(0, false, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(9));
        assertThat(policy.observe(0, false, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.observe(0, false, true)).isEqualTo(Decision.RESTORE);
    }
}
