package com.courtcast.loadtest.rtmp;

import com.courtcast.common.media.TrackType;
import com.courtcast.loadtest.flv.FlvTag;
import java.util.List;

/**
 * Real-time pacing of one publisher replaying a looped FLV file, and its answer to a congested
 * connection.
 *
 * <p>Design: frame {@code i} of loop {@code k} is due at {@code start + k * loopDuration + ts(i)},
 * the way a live encoder produces it. The publisher calls {@link #next} until it answers
 * {@link Action.Wait}: a due frame is sent whenever the connection is writable, however late
 * (a late pump is the load generator's delay, not the server's). When the connection is not
 * writable, the server is not reading fast enough; once the oldest unsent frame is more than
 * {@code maxLag} late, the frames up to the next video keyframe are dropped, as OBS does when its
 * send queue grows too long, and sending resumes at that keyframe.
 *
 * <p>The time is passed in by the caller, so tests move it by hand. Not thread-safe: one publisher,
 * one event loop.
 */
public final class ReplayPacer {

    /** What the publisher does next. */
    public sealed interface Action {

        /** Send {@code tag} now with {@code timestampMillis} (the file's time plus the loops done). */
        record Send(FlvTag tag, long timestampMillis) implements Action {}

        /** Nothing to do for {@code nanos} (or until the connection becomes writable again). */
        record Wait(long nanos) implements Action {}

        /** Frames given up to catch up with real time; the next frame is a keyframe. */
        record Drop(int videoFrames, int audioFrames) implements Action {}
    }

    private final List<FlvTag> frames;
    private final long loopNanos;
    private final long startNanos;
    private final long maxLagNanos;
    private int index;
    private long loop;

    /**
     * @param frames the frames of one loop, in timestamp order
     * @param loopDurationMillis how far timestamps move on per loop
     * @param startNanos the time at which timestamp 0 is due
     * @param maxLagMillis how late the oldest unsent frame may be before frames are dropped
     */
    public ReplayPacer(List<FlvTag> frames, long loopDurationMillis, long startNanos, long maxLagMillis) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay: no frames");
        }
        if (loopDurationMillis <= frames.getLast().timestampMillis()) {
            throw new IllegalArgumentException("loop duration " + loopDurationMillis
                    + " ms must exceed the last frame's timestamp " + frames.getLast().timestampMillis() + " ms");
        }
        this.frames = frames;
        this.loopNanos = loopDurationMillis * 1_000_000L;
        this.startNanos = startNanos;
        this.maxLagNanos = maxLagMillis * 1_000_000L;
    }

    /** Decides what to do at {@code nowNanos}, given whether the connection can take more bytes. */
    public Action next(long nowNanos, boolean writable) {
        long due = dueNanos();
        if (due > nowNanos) {
            return new Action.Wait(due - nowNanos);
        }
        if (writable) {
            Action send = new Action.Send(current(), timestampMillis());
            advance();
            return send;
        }
        long lag = nowNanos - due;
        if (lag <= maxLagNanos) {
            return new Action.Wait(maxLagNanos - lag + 1);
        }
        return dropUntilKeyframe();
    }

    /** When the next unsent frame is due. */
    public long dueNanos() {
        return startNanos + loop * loopNanos + current().timestampMillis() * 1_000_000L;
    }

    /** How many times the whole file has been replayed so far. */
    public long loopsDone() {
        return loop;
    }

    private Action.Drop dropUntilKeyframe() {
        int video = 0;
        int audio = 0;
        do {
            if (current().track() == TrackType.VIDEO) {
                video++;
            } else {
                audio++;
            }
            advance();
        } while (!current().keyframe() && video + audio < frames.size());
        return new Action.Drop(video, audio);
    }

    private FlvTag current() {
        return frames.get(index);
    }

    private long timestampMillis() {
        return loop * (loopNanos / 1_000_000L) + current().timestampMillis();
    }

    private void advance() {
        index++;
        if (index == frames.size()) {
            index = 0;
            loop++;
        }
    }
}
