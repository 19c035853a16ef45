package com.courtcast.transcoder.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.MutableClock;
import com.courtcast.transcoder.ladder.ShedPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShedPolicyTest {

    private static final long SECOND = 1_000_000_000L;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    // Behind: more than 10 frames queued for 0.5 s. Room: 10 s within bounds, busy at most half the time.
    private final ShedPolicy policy = new ShedPolicy(new LadderConfig("libx264", "veryfast", Duration.ofSeconds(1),
            1, 1, 90, 10, Duration.ofMillis(500), Duration.ofSeconds(10), 50, Duration.ofSeconds(1)), clock);

    @Test
    void aBurstIsNotBeingBehindButALongQueueIs() {
        assertThat(policy.observe(25, 0, true, false)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofMillis(300));
        assertThat(policy.observe(4, 0, true, false)).isEqualTo(Decision.NONE); // the burst drained
        assertThat(policy.observe(11, 0, true, false)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofMillis(499));
        assertThat(policy.observe(12, 0, true, false)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofMillis(1));
        assertThat(policy.observe(12, 0, true, false)).isEqualTo(Decision.SHED);
    }

    @Test
    void theNextRungGoesOnlyIfSheddingOneDidNotHelp() {
        policy.observe(20, 0, true, false);
        clock.advance(Duration.ofMillis(500));
        assertThat(policy.observe(20, 0, true, true)).isEqualTo(Decision.SHED);
        clock.advance(Duration.ofMillis(250));
        assertThat(policy.observe(20, 0, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofMillis(250));
        assertThat(policy.observe(20, 0, true, true)).isEqualTo(Decision.SHED);
        clock.advance(Duration.ofMillis(500));
        assertThat(policy.observe(20, 0, false, true)).isEqualTo(Decision.NONE); // nothing left to shed
    }

    @Test
    void aShedRungComesBackAfterACalmStretchWithRoomOneAtATime() {
        policy.observe(0, 0, true, true);
        clock.advance(Duration.ofSeconds(10));
        assertThat(policy.observe(0, 4 * SECOND, true, true)).isEqualTo(Decision.RESTORE);
        clock.advance(Duration.ofSeconds(5));
        assertThat(policy.observe(0, 6 * SECOND, true, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(5));
        assertThat(policy.observe(0, 8 * SECOND, true, true)).isEqualTo(Decision.RESTORE);
    }

    @Test
    void aBusyTranscoderGetsNoRungBack() {
        policy.observe(0, 0, true, true);
        clock.advance(Duration.ofSeconds(10));
        assertThat(policy.observe(0, 7 * SECOND, true, true)).isEqualTo(Decision.NONE); // 70% busy
        clock.advance(Duration.ofSeconds(10));
        assertThat(policy.observe(0, 9 * SECOND, true, true)).isEqualTo(Decision.RESTORE); // 20% busy
    }

    @Test
    void aLongQueueBreaksTheCalmStretchAndSoDoesAnOverflow() {
        policy.observe(0, 0, true, true);
        clock.advance(Duration.ofSeconds(9));
        policy.observe(11, 0, true, true);
        policy.observe(0, 0, true, true);
        clock.advance(Duration.ofSeconds(9));
        assertThat(policy.observe(0, 0, true, true)).isEqualTo(Decision.NONE);
        policy.overflowed();
        policy.observe(0, 0, false, true);
        clock.advance(Duration.ofSeconds(9));
        assertThat(policy.observe(0, 0, false, true)).isEqualTo(Decision.NONE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.observe(0, 0, false, true)).isEqualTo(Decision.RESTORE);
    }
}
