package com.courtcast.transcoder.ladder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides when the transcoder is behind real time and a rung must go, and when there has been
 * room long enough for one to come back.
 *
 * <p>Behind: more than {@link LadderConfig#shedAtFrames()} video frames wait, without a break,
 * for {@link LadderConfig#shedAfter()}. A burst of frames (an encoder's start, a network hiccup)
 * is not being behind; a queue that stays long is. After a shed the stretch starts over, so the
 * next rung goes only if shedding one did not help.
 *
 * <p>Room: for {@link LadderConfig#restoreAfter()} the queue never passed the bound and the
 * worker was busy at most {@link LadderConfig#restoreBelowLoadPercent()} of the time. One rung
 * comes back per such stretch, cheapest first, so a rung returns only when the machine has shown
 * it can afford it.
 */
final class ShedPolicy {

    enum Decision { NONE, SHED, RESTORE }

    private final int shedAtFrames;
    private final Duration shedAfter;
    private final Duration restoreAfter;
    private final int restoreBelowLoadPercent;
    private final Clock clock;
    private Instant behindSince;
    private Instant calmSince;
    private long busyAtCalmStart;

    ShedPolicy(LadderConfig config, Clock clock) {
        this.shedAtFrames = config.shedAtFrames();
        this.shedAfter = config.shedAfter();
        this.restoreAfter = config.restoreAfter();
        this.restoreBelowLoadPercent = config.restoreBelowLoadPercent();
        this.clock = clock;
    }

    /**
     * @param queuedFrames video frames waiting now
     * @param busyNanos the worker's busy time so far (any origin; only differences count)
     * @param canShed whether a rung is running or about to
     * @param canRestore whether a rung is shed
     */
    Decision observe(int queuedFrames, long busyNanos, boolean canShed, boolean canRestore) {
        Instant now = clock.instant();
        if (queuedFrames > shedAtFrames) {
            calmSince = null;
            if (behindSince == null) {
                behindSince = now;
            }
            if (canShed && !now.isBefore(behindSince.plus(shedAfter))) {
                behindSince = now;
                return Decision.SHED;
            }
            return Decision.NONE;
        }
        behindSince = null;
        if (calmSince == null) {
            calmSince = now;
            busyAtCalmStart = busyNanos;
        }
        Duration calm = Duration.between(calmSince, now);
        if (canRestore && calm.compareTo(restoreAfter) >= 0) {
            long loadPercent = (busyNanos - busyAtCalmStart) * 100 / Math.max(1, calm.toNanos());
            calmSince = now; // the next rung needs its own calm stretch
            busyAtCalmStart = busyNanos;
            return loadPercent <= restoreBelowLoadPercent ? Decision.RESTORE : Decision.NONE;
        }
        return Decision.NONE;
    }

    /** Input was dropped: every rung went at once, and calm starts over. */
    void overflowed() {
        behindSince = null;
        calmSince = null;
    }
}
