package com.courtcast.transcoder.ladder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, from how many video frames wait for the transcoder, when it is behind real time and a
 * rung must go, and when there has been room long enough for one to come back.
 *
 * <p>A queue above {@link LadderConfig#shedAtFrames()} sheds one rung, then waits
 * {@link LadderConfig#shedInterval()} before shedding another, so the queue can drain after the
 * first. A queue at or below {@link LadderConfig#restoreBelowFrames()} without interruption for
 * {@link LadderConfig#restoreAfter()} brings one rung back, and the next one only after another
 * such calm stretch: a rung comes back only when the machine has shown it can afford it. The
 * wide gap between the two thresholds keeps a rung from flapping.
 */
final class ShedPolicy {

    enum Decision { NONE, SHED, RESTORE }

    private final int shedAtFrames;
    private final int restoreBelowFrames;
    private final Duration shedInterval;
    private final Duration restoreAfter;
    private final Clock clock;
    private Instant lastShed;
    private Instant calmSince;

    ShedPolicy(LadderConfig config, Clock clock) {
        this.shedAtFrames = config.shedAtFrames();
        this.restoreBelowFrames = config.restoreBelowFrames();
        this.shedInterval = config.shedInterval();
        this.restoreAfter = config.restoreAfter();
        this.clock = clock;
    }

    /**
     * @param queuedFrames video frames waiting now
     * @param canShed whether a rung is running or about to
     * @param canRestore whether a rung is shed
     */
    Decision observe(int queuedFrames, boolean canShed, boolean canRestore) {
        Instant now = clock.instant();
        if (queuedFrames > shedAtFrames) {
            calmSince = null;
            if (canShed && (lastShed == null || !now.isBefore(lastShed.plus(shedInterval)))) {
                lastShed = now;
                return Decision.SHED;
            }
            return Decision.NONE;
        }
        if (queuedFrames > restoreBelowFrames) {
            calmSince = null;
            return Decision.NONE;
        }
        if (calmSince == null) {
            calmSince = now;
        }
        if (canRestore && !now.isBefore(calmSince.plus(restoreAfter))) {
            calmSince = now; // the next rung needs its own calm stretch
            return Decision.RESTORE;
        }
        return Decision.NONE;
    }

    /** Input was dropped: every rung went at once, and calm starts over. */
    void overflowed() {
        lastShed = clock.instant();
        calmSince = null;
    }
}
