package com.courtcast.transcoder.packager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SegmentAlignmentTest {

    private final SegmentAlignment alignment = new SegmentAlignment();
    private final SegmentAlignment.Role leader = new SegmentAlignment.Leader(alignment);
    private final SegmentAlignment.Role follower = new SegmentAlignment.Follower(alignment);

    @Test
    void followersTakeTheLeadersNumberForASegmentOpeningAtTheSameFrame() {
        assertThat(leader.number("p1", 0, 0)).isZero();
        assertThat(leader.number("p1", 2000, 1)).isEqualTo(1);
        assertThat(leader.number("p1", 4000, 2)).isEqualTo(2);
        assertThat(follower.number("p1", 4000, 0)).isEqualTo(2); // a rung starting late joins at 2
        assertThat(follower.number("p1", 5000, 3)).isEqualTo(3); // a cut the leader did not make: its own
        assertThat(follower.number("p2", 4000, 4)).isEqualTo(4); // another publish's times mean nothing
        assertThat(follower.number("p1", 2000, 5)).isEqualTo(5); // numbers never go back
    }

    @Test
    void followersDateMediaByTheLeadersClockSoRenditionsShareProgramDateTimes() {
        // A rung's frames reach its packager later than the source's, by the ladder's delay.
        assertThat(follower.wallMinusMedia("p1", 0, 1_000_180)).isEqualTo(1_000_180); // nothing from the leader yet
        assertThat(leader.wallMinusMedia("p1", 0, 1_000_000)).isEqualTo(1_000_000);
        assertThat(follower.wallMinusMedia("p1", 0, 1_000_180)).isEqualTo(1_000_000);
        assertThat(follower.wallMinusMedia("p2", 0, 2_000_050)).isEqualTo(2_000_050); // another publish
        assertThat(new SegmentAlignment.Alone().wallMinusMedia("p1", 0, 7)).isEqualTo(7);
    }

    @Test
    void aFollowerTakesTheExactDateTheLeaderGaveTheSameOpening() {
        // The leader's estimate improves between its segments; the rung, a few frames behind, must
        // date segment 2000 as the leader did then, not by the leader's newer estimate.
        leader.wallMinusMedia("p1", 2000, 1_000_004);
        leader.wallMinusMedia("p1", 4000, 1_000_001);
        assertThat(follower.wallMinusMedia("p1", 2000, 1_000_190)).isEqualTo(1_000_004);
        assertThat(follower.wallMinusMedia("p1", 4000, 1_000_190)).isEqualTo(1_000_001);
        // An opening the leader did not date: its latest estimate.
        assertThat(follower.wallMinusMedia("p1", 5000, 1_000_190)).isEqualTo(1_000_001);
    }

    @Test
    void aFollowerAskingFirstWaitsForTheLeaderToReachTheFrame() throws Exception {
        CompletableFuture<OptionalLong> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return alignment.awaitMsnAt("p1", 2000, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(asked).isNotDone();
        leader.planned("p1", 1967);
        Thread.sleep(50);
        assertThat(asked).isNotDone();
        leader.number("p1", 2000, 7);
        leader.planned("p1", 2000);
        assertThat(asked.get()).hasValue(7);
    }

    @Test
    void aFrameTheLeaderPassedWithoutOpeningASegmentIsAnsweredAtOnce() throws Exception {
        leader.planned("p1", 3000);
        assertThat(alignment.awaitMsnAt("p1", 1000, Duration.ofSeconds(10))).isEmpty();
        assertThat(alignment.awaitMsnAt("p1", 5000, Duration.ofMillis(20))).isEmpty(); // the wait's bound
    }
}
