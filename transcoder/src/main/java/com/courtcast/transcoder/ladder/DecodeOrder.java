package com.courtcast.transcoder.ladder;

import java.util.ArrayDeque;

/**
 * Gives every picture the decoder returns the decode timestamp of the source picture in the same
 * position of decode order.
 *
 * <p>Rungs are encoded without B-frames, so each encodes pictures in presentation order; stamping
 * them with their own presentation times as decode times would move a keyframe of a source with
 * B-frames later by its composition offset, and the rung would cut segments where the source does
 * not. For a closed GOP the n-th picture out of the decoder (by presentation time) is the n-th
 * picture in, so taking the n-th decode time keeps every keyframe's decode time equal to the
 * source's. The composition offset {@code pts - dts} stays non-negative: the n-th smallest
 * presentation time is never below the n-th decode time.
 */
final class DecodeOrder {

    /** A decoder never holds more pictures than this (H.264 allows 16 reference frames). */
    private static final int MAX_PENDING = 32;

    private final ArrayDeque<Long> pending = new ArrayDeque<>();

    /** A picture went into the decoder. */
    void sent(long dtsMillis) {
        if (pending.size() == MAX_PENDING) {
            pending.removeFirst(); // the decoder dropped a picture; do not let the error grow
        }
        pending.addLast(dtsMillis);
    }

    /** The decode time for the next picture out of the decoder, presented at {@code ptsMillis}. */
    long next(long ptsMillis) {
        Long dts = pending.pollFirst();
        return dts == null ? ptsMillis : Math.min(dts, ptsMillis);
    }

    void clear() {
        pending.clear();
    }
}
