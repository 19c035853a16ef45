package com.courtcast.ingest.rtmp;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A Netty {@link SelectStrategy} that lets a busy event loop gather several sockets' data per
 * wake-up instead of waking once per arriving packet.
 *
 * <p>Why: with hundreds of encoders each sending ~80 small writes a second, an idle-then-woken
 * event loop sleeps and wakes thousands of times a second, and on a virtual machine each of those
 * context switches costs more CPU than reading and demuxing the media it brings (measured in the
 * ingest benchmark: a quarter of the ingest's CPU in the scheduler's switch path).
 *
 * <p>How: while wake-ups come closer together than the window, the loop, instead of blocking in
 * {@code epoll_wait} right away, pauses for the window and then polls without blocking, serving
 * every socket that became readable meanwhile. As soon as a window passes with nothing to read,
 * it blocks in {@code epoll_wait} again, so a quiet server wakes only when data comes and a
 * lightly loaded one (wake-ups further apart than the window) never pauses. A loop that is behind
 * (serving the last batch took a window or more, or it got no CPU for that long on a crowded
 * machine) polls again at once instead of pausing, as it would without coalescing. Queued tasks are never
 * delayed by a pause: with tasks pending the strategy polls at once, and a task submitted during a
 * pause is run when the pause ends, at most one window later.
 *
 * <p>Trade-off: media may wait up to one window (default 1 ms) longer in the socket, far below
 * anything a viewer of segmented HLS can notice. A window of 0 turns coalescing off.
 *
 * <p>One instance per event loop (see {@link #factory}); not thread-safe.
 */
public final class WakeupCoalescing implements SelectStrategy {

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final LongConsumer pause;
    private boolean coalescing;
    private long lastBlockingWakeNanos = Long.MIN_VALUE;
    /** When the last poll of the coalescing mode returned, to tell whether the loop is behind. */
    private long lastPollNanos;

    WakeupCoalescing(long windowNanos, LongSupplier nanoClock, LongConsumer pause) {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("windowNanos must be >= 0, was " + windowNanos);
        }
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        this.pause = pause;
    }

    /** A factory for {@code EpollIoHandler.newFactory}: one strategy per event loop, pausing with {@link LockSupport#parkNanos}. */
    public static io.netty.channel.SelectStrategyFactory factory(long windowNanos) {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("windowNanos must be >= 0, was " + windowNanos);
        }
        return () -> new WakeupCoalescing(windowNanos, System::nanoTime, LockSupport::parkNanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get();
        }
        if (windowNanos == 0) {
            return SELECT;
        }
        if (coalescing) {
            if (nanoClock.getAsLong() - lastPollNanos < windowNanos) {
                pause.accept(windowNanos);
            }
            int ready = selectNow.get();
            lastPollNanos = nanoClock.getAsLong();
            if (ready > 0) {
                return ready;
            }
            coalescing = false;
            lastBlockingWakeNanos = Long.MIN_VALUE;
            return SELECT;
        }
        // Called after a blocking wait returned: pause from the next turn on if wake-ups come
        // closer together than the window.
        long now = nanoClock.getAsLong();
        if (lastBlockingWakeNanos != Long.MIN_VALUE && now - lastBlockingWakeNanos < windowNanos) {
            coalescing = true;
            lastPollNanos = now;
        }
        lastBlockingWakeNanos = now;
        return SELECT;
    }
}
