package com.courtcast.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.SelectStrategy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The decisions of the wake-up coalescing strategy, with a hand-moved clock and recorded pauses. */
class WakeupCoalescingTest {

    private static final long WINDOW = 1_000_000;

    private long now = 1_000_000_000L;
    private final List<Long> pauses = new ArrayList<>();
    /** What each non-blocking poll finds, in order; empty polls once these run out. */
    private final Queue<Integer> readyPerPoll = new ArrayDeque<>();
    private int polls;

    private final WakeupCoalescing strategy = new WakeupCoalescing(WINDOW, () -> now, nanos -> {
        pauses.add(nanos);
        now += nanos;
    });

    private int decide(boolean hasTasks) throws Exception {
        return strategy.calculateStrategy(() -> {
            polls++;
            Integer ready = readyPerPoll.poll();
            return ready == null ? 0 : ready;
        }, hasTasks);
    }

    @Test
    void wakeUpsFurtherApartThanTheWindowBlockWithoutPausing() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(decide(false)).isEqualTo(SelectStrategy.SELECT);
            now += 3 * WINDOW;
        }
        assertThat(pauses).isEmpty();
        assertThat(polls).isZero();
    }

    @Test
    void wakeUpsCloserThanTheWindowPauseThenPollWithoutBlocking() throws Exception {
        assertThat(decide(false)).isEqualTo(SelectStrategy.SELECT);
        now += WINDOW / 4;
        assertThat(decide(false)).isEqualTo(SelectStrategy.SELECT);

        readyPerPoll.addAll(List.of(12, 7));
        assertThat(decide(false)).isEqualTo(12);
        assertThat(decide(false)).isEqualTo(7);
        assertThat(pauses).containsExactly(WINDOW, WINDOW);
    }

    @Test
    void aWindowWithNothingToReadGoesBackToBlocking() throws Exception {
        decide(false);
        now += WINDOW / 4;
        decide(false);
        readyPerPoll.add(3);
        assertThat(decide(false)).isEqualTo(3);

        assertThat(decide(false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(pauses).hasSize(2);

        // The next wake-up alone does not restart coalescing; two close ones do.
        now += WINDOW / 4;
        assertThat(decide(false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(pauses).hasSize(2);
        now += WINDOW / 4;
        assertThat(decide(false)).isEqualTo(SelectStrategy.SELECT);
        readyPerPoll.add(1);
        assertThat(decide(false)).isEqualTo(1);
        assertThat(pauses).hasSize(3);
    }

    @Test
    void aLoopThatIsBehindPollsAgainWithoutPausing() throws Exception {
        decide(false);
        now += WINDOW / 4;
        decide(false);
        readyPerPoll.addAll(List.of(40, 30, 2));
        assertThat(decide(false)).isEqualTo(40);
        assertThat(pauses).hasSize(1);

        // Serving those 40 sockets took longer than a window: poll again at once.
        now += 2 * WINDOW;
        assertThat(decide(false)).isEqualTo(30);
        assertThat(pauses).hasSize(1);

        // Caught up: the next turn pauses again.
        now += WINDOW / 10;
        assertThat(decide(false)).isEqualTo(2);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void pendingTasksPollAtOnceEvenWhileCoalescing() throws Exception {
        decide(false);
        now += WINDOW / 4;
        decide(false);
        readyPerPoll.add(5);

        assertThat(decide(true)).isEqualTo(5);
        assertThat(decide(true)).isZero();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aWindowOfZeroAlwaysBlocks() throws Exception {
        WakeupCoalescing off = new WakeupCoalescing(0, () -> now, pauses::add);
        for (int i = 0; i < 5; i++) {
            assertThat(off.calculateStrategy(() -> 1, false)).isEqualTo(SelectStrategy.SELECT);
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> WakeupCoalescing.factory(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
