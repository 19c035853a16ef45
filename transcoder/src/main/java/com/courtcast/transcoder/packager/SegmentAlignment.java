package com.courtcast.transcoder.packager;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Media sequence numbers shared by the renditions of one stream, so a segment that starts at the
 * same media time has the same MSN in every rendition (what ABR switching and the EXT-X-RENDITION
 * -REPORTs assume).
 *
 * <p>The source rendition's packager leads: it records the publisher timestamp at which each of
 * its segments opens. A ladder rung's packager follows: it cuts on its own (same frame times,
 * keyframes at the same times, so the same cuts), and takes the leader's number for a segment
 * opening at the same time; a rung that restarts after being shed starts at such a time, so it
 * rejoins the leader's numbering. Times are keyed by publish, since a reconnecting encoder's
 * timestamps start over. Only recent openings are kept: followers run a few frames behind.
 *
 * <p>Wall-clock dates (EXT-X-PROGRAM-DATE-TIME) follow the leader too: each packager dates media
 * by the earliest arrival it saw, and a rung's frames arrive later by the ladder's delay, so its
 * own dates would run late by that much. hls.js lines up the renditions of a live stream by these
 * dates when it switches, and media dated apart lands it on the wrong part. A rung takes the very
 * date the leader gave a segment opening at the same frame: the leader's clock estimate keeps
 * improving by a millisecond here and there, and even a few milliseconds between renditions made
 * hls.js wait at a segment's end after some switches.
 */
public final class SegmentAlignment {

    private static final int OPENINGS_KEPT = 256;

    /** The leader's MSN and its dating (wall clock minus media time) of its recent openings. */
    private final Map<Key, Long> openings = recent();
    private final Map<Key, Long> datings = recent();

    private record Key(String publishId, long dtsMillis) {}

    /** Only recent openings are kept: followers run a few frames behind. */
    private static Map<Key, Long> recent() {
        return new LinkedHashMap<>(OPENINGS_KEPT * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
                return size() > OPENINGS_KEPT;
            }
        };
    }

    /** The leader's wall clock minus media time, for the publish it dates. */
    private String clockPublishId;
    private long leaderWallMinusMediaMillis;

    /** The newest video frame the leader has planned its cuts for. */
    private String leaderPublishId;
    private long leaderDtsMillis = Long.MIN_VALUE;

    /** The leader opened segment {@code msn} at a frame with this publisher timestamp. */
    synchronized void leaderOpened(String publishId, long dtsMillis, long msn) {
        openings.put(new Key(publishId, dtsMillis), msn);
    }

    /** The leader has planned its cut before this frame (opened a segment there or not). */
    synchronized void leaderSaw(String publishId, long dtsMillis) {
        leaderPublishId = publishId;
        leaderDtsMillis = dtsMillis;
        notifyAll();
    }

    /**
     * Like {@link #msnAt}, but first waits, up to {@code timeout}, until the leader has reached this
     * frame: the leader and its followers are fed the same frames on different threads, so a
     * follower can be asking before the leader has decided.
     */
    public synchronized OptionalLong awaitMsnAt(String publishId, long dtsMillis, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(publishId.equals(leaderPublishId) && leaderDtsMillis >= dtsMillis)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return msnAt(publishId, dtsMillis);
    }

    /** The leader's MSN for a segment opening at this frame, if the leader opened one there. */
    public synchronized OptionalLong msnAt(String publishId, long dtsMillis) {
        Long msn = openings.get(new Key(publishId, dtsMillis));
        return msn == null ? OptionalLong.empty() : OptionalLong.of(msn);
    }

    synchronized void leaderDated(String publishId, long dtsMillis, long wallMinusMediaMillis) {
        clockPublishId = publishId;
        leaderWallMinusMediaMillis = wallMinusMediaMillis;
        datings.put(new Key(publishId, dtsMillis), wallMinusMediaMillis);
    }

    /**
     * The leader's wall clock minus media time for a segment opening at this frame: the one it
     * dated its own segment there by, else its latest for this publish, if it has dated any of it.
     */
    public synchronized OptionalLong leaderWallMinusMedia(String publishId, long dtsMillis) {
        Long exact = datings.get(new Key(publishId, dtsMillis));
        if (exact != null) {
            return OptionalLong.of(exact);
        }
        return publishId.equals(clockPublishId) ? OptionalLong.of(leaderWallMinusMediaMillis) : OptionalLong.empty();
    }

    /** How a packager numbers and dates its segments. */
    public sealed interface Role permits Alone, Leader, Follower {
        /** The MSN for a segment opening at a frame; {@code next} is the packager's own next number. */
        long number(String publishId, long dtsMillis, long next);

        /** The packager has planned its cut before this video frame. */
        default void planned(String publishId, long dtsMillis) {
        }

        /**
         * Wall clock minus media time to date a segment opening at this frame by, given the
         * packager's own estimate (its earliest arrival).
         */
        default long wallMinusMedia(String publishId, long dtsMillis, long own) {
            return own;
        }
    }

    /** Numbers on its own (one rendition only, or tests). */
    public record Alone() implements Role {
        @Override
        public long number(String publishId, long dtsMillis, long next) {
            return next;
        }
    }

    /** Numbers on its own and tells the alignment. */
    public record Leader(SegmentAlignment alignment) implements Role {
        @Override
        public long number(String publishId, long dtsMillis, long next) {
            alignment.leaderOpened(publishId, dtsMillis, next);
            return next;
        }

        @Override
        public void planned(String publishId, long dtsMillis) {
            alignment.leaderSaw(publishId, dtsMillis);
        }

        @Override
        public long wallMinusMedia(String publishId, long dtsMillis, long own) {
            alignment.leaderDated(publishId, dtsMillis, own);
            return own;
        }
    }

    /**
     * Takes the leader's number where the leader opened a segment at the same frame; numbers never
     * go back, so a cut the leader did not make (a GOP the rung saw differently) continues its own.
     */
    public record Follower(SegmentAlignment alignment) implements Role {
        @Override
        public long number(String publishId, long dtsMillis, long next) {
            OptionalLong leader = alignment.msnAt(publishId, dtsMillis);
            return leader.isPresent() && leader.getAsLong() >= next ? leader.getAsLong() : next;
        }

        @Override
        public long wallMinusMedia(String publishId, long dtsMillis, long own) {
            return alignment.leaderWallMinusMedia(publishId, dtsMillis).orElse(own);
        }
    }
}
