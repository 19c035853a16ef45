package com.courtcast.transcoder.packager;

/**
 * Decides where a rendition's segments and parts are cut ("where to cut"; no media bytes here).
 *
 * <p>Fed the timeline frames of a publish in decode order (video frames, or audio frames for an
 * audio-only stream), it answers for each frame whether a part or a segment ends just before it:
 * <ul>
 *   <li>A segment ends at the first keyframe once it has lasted the target duration. A GOP longer
 *       than the target makes a long segment; the EXT-X-TARGETDURATION is declared from the first
 *       segment (at least the configured target) and later segments are force-cut before their
 *       rounded duration would exceed it, so the playlist never lies (RFC 8216bis 4.4.3.1).</li>
 *   <li>Parts are cut on their own clock, whatever the GOP: a part ends before the frame that
 *       would take it past the part target, so parts are never late. The advertised part target
 *       is the configured one rounded to whole frames plus 1 ms, because RTMP timestamps are whole
 *       milliseconds (a 10-frame part at 30 fps lasts 333 or 334 ms): then every part is at most
 *       the target and every non-final, non-independent part at least 85% of it (4.4.4.9).</li>
 * </ul>
 * The frame duration comes from the codec configuration when it signals a frame rate, otherwise
 * from the frames of the first half part.
 */
final class CutPlanner {

    /** What happens just before a frame. */
    enum Cut { NONE, PART, SEGMENT }

    /** RTMP timestamps are rounded to whole milliseconds, so frame intervals vary by one. */
    private static final long TIMESTAMP_JITTER_MILLIS = 1;

    private final long targetDurationMillis;
    private final long configuredPartTargetMillis;
    private double frameMillis;
    private long partTargetMillis;
    private int declaredTargetDurationSeconds;
    private boolean started;
    private long firstFrameDts;
    private int framesInFirstPart;
    private long segmentStart;
    private long partStart;
    private long lastDts;
    private long lastDelta;
    private boolean forcedCut;

    /**
     * @param targetDurationMillis the configured segment target duration
     * @param configuredPartTargetMillis the configured part target
     * @param signalledFrameRate frames per second from the codec configuration, 0 when unknown
     */
    CutPlanner(long targetDurationMillis, long configuredPartTargetMillis, double signalledFrameRate) {
        this.targetDurationMillis = targetDurationMillis;
        this.configuredPartTargetMillis = configuredPartTargetMillis;
        if (signalledFrameRate > 0) {
            fixPartTarget(1000.0 / signalledFrameRate);
        }
    }

    /**
     * Keeps the part target and declared target duration of an earlier publish, since a live
     * playlist cannot change them (after a reconnect the new publish must respect the old values).
     */
    CutPlanner continuing(CutPlanner previous) {
        if (previous.partTargetMillis > 0) {
            partTargetMillis = previous.partTargetMillis;
            frameMillis = previous.frameMillis;
        }
        declaredTargetDurationSeconds = previous.declaredTargetDurationSeconds;
        return this;
    }

    /**
     * Plans the cut before a frame.
     *
     * @param dtsMillis the frame's decode time; never before the previous frame's
     * @param keyframe whether the frame can start an independent part
     * @return {@link Cut#SEGMENT} for the very first frame (it opens the first segment)
     */
    Cut onFrame(long dtsMillis, boolean keyframe) {
        if (!started) {
            started = true;
            firstFrameDts = dtsMillis;
            segmentStart = partStart = lastDts = dtsMillis;
            forcedCut = false;
            return Cut.SEGMENT;
        }
        long delta = Math.max(0, dtsMillis - lastDts);
        if (delta > 0) {
            lastDelta = delta;
        }
        lastDts = dtsMillis;
        if (partTargetMillis == 0) {
            framesInFirstPart++;
            if (dtsMillis - firstFrameDts >= configuredPartTargetMillis / 2) {
                fixPartTarget((double) (dtsMillis - firstFrameDts) / framesInFirstPart);
            }
        }
        long step = lastDelta > 0 ? lastDelta : Math.round(frameMillis);
        long segmentSoFar = dtsMillis - segmentStart;
        if (keyframe && segmentSoFar >= targetDurationMillis - step / 2) {
            return openSegment(dtsMillis, false);
        }
        if (declaredTargetDurationSeconds > 0
                && segmentSoFar + step + TIMESTAMP_JITTER_MILLIS >= declaredTargetDurationSeconds * 1000L + 500) {
            return openSegment(dtsMillis, !keyframe);
        }
        if (partTargetMillis > 0 && dtsMillis - partStart + step > partTargetMillis) {
            partStart = dtsMillis;
            return Cut.PART;
        }
        return Cut.NONE;
    }

    private Cut openSegment(long dtsMillis, boolean forced) {
        declareIfUnknown(dtsMillis - segmentStart);
        forcedCut = forced;
        segmentStart = partStart = dtsMillis;
        return Cut.SEGMENT;
    }

    private void fixPartTarget(double millisPerFrame) {
        frameMillis = millisPerFrame;
        long frames = Math.max(1, Math.round(configuredPartTargetMillis / millisPerFrame));
        partTargetMillis = (long) Math.ceil(frames * millisPerFrame + TIMESTAMP_JITTER_MILLIS);
    }

    /** The part target every part respects, or 0 until it is known (before the first part ends). */
    long partTargetMillis() {
        return partTargetMillis;
    }

    /**
     * The part target this planner will use: fixed from the signalled frame rate, else the
     * configured target plus the 1 ms timestamp margin until frames tell.
     */
    long expectedPartTargetMillis() {
        return partTargetMillis > 0 ? partTargetMillis : configuredPartTargetMillis + 1;
    }

    /**
     * Declares the target duration from a segment that ends without a following keyframe (the
     * publish ended before the first segment closed normally); no effect once declared.
     */
    void declareIfUnknown(long segmentMillis) {
        if (declaredTargetDurationSeconds == 0) {
            declaredTargetDurationSeconds = (int) Math.max(
                    Math.ceilDiv(targetDurationMillis, 1000), Math.round(segmentMillis / 1000.0));
        }
    }

    /** EXT-X-TARGETDURATION, known once the first segment closed; 0 before. */
    int declaredTargetDurationSeconds() {
        return declaredTargetDurationSeconds;
    }

    /** Whether the segment opened last was cut without a keyframe (a GOP past the target duration). */
    boolean lastSegmentForced() {
        return forcedCut;
    }

    /** A frame duration for the last frame of a publish, whose successor never comes. */
    long typicalFrameMillis() {
        return lastDelta > 0 ? lastDelta : Math.max(1, Math.round(frameMillis));
    }
}
