package com.courtcast.common.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Media Playlist (4.4.3): a live LL-HLS rendition, an event or a VOD asset.
 *
 * <p>The Media Sequence Number (MSN) of {@code segments().get(i)} is {@code mediaSequence() + i};
 * a part's Part Index is its position in its segment's {@code parts()}.
 *
 * <p>The constructor enforces the spec's MUSTs on the values as they will be written (durations
 * rounded to five decimals), so every instance writes a valid playlist:
 * <ul>
 *   <li>counts are not negative, EXT-X-TARGETDURATION is at least 1;</li>
 *   <li>only the last segment may be in progress, and not in a playlist with EXT-X-ENDLIST;</li>
 *   <li>each EXTINF rounded to the nearest integer is at most the target duration (4.4.3.1);</li>
 *   <li>parts need a PART-TARGET (4.4.3.7); each part is at most PART-TARGET, and at least 85% of
 *       it unless it is INDEPENDENT or the last part of its segment (4.4.4.9). Both part bounds
 *       allow {@value #PART_TOLERANCE_MS} ms of slack for timestamps converted between time scales;
 *       choose PART-TARGET as the longest part the segmenter makes, not a rounded-down one;</li>
 *   <li>PART-HOLD-BACK is present when there are parts and is at least 2 part targets, HOLD-BACK at
 *       least 3 target durations, CAN-SKIP-UNTIL at least 6 target durations (4.4.3.8);</li>
 *   <li>no EXT-X-PRELOAD-HINT with EXT-X-ENDLIST (4.4.5.3);</li>
 *   <li>a segment after one with an EXT-X-MAP has one too (a map cannot be dropped).</li>
 * </ul>
 * A violation is an {@link IllegalArgumentException} that names the segment (index, MSN, URI).
 *
 * @param targetDuration EXT-X-TARGETDURATION seconds
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE, the MSN of the first segment
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE, written only when not 0 (its absence
 *     means 0, 4.4.3.3)
 * @param playlistType EXT-X-PLAYLIST-TYPE; {@link PlaylistType#NONE} writes none
 * @param independentSegments whether to write EXT-X-INDEPENDENT-SEGMENTS
 * @param partTarget EXT-X-PART-INF PART-TARGET seconds; 0 for a playlist without parts
 * @param serverControl EXT-X-SERVER-CONTROL, or null to write none
 * @param segments the segments, oldest first; only the last may be in progress
 * @param preloadHint the EXT-X-PRELOAD-HINT for the next part, or null
 * @param renditionReports EXT-X-RENDITION-REPORT tags for the other renditions (null is empty)
 * @param endList whether to write EXT-X-ENDLIST
 */
public record MediaPlaylist(
        int targetDuration,
        long mediaSequence,
        long discontinuitySequence,
        PlaylistType playlistType,
        boolean independentSegments,
        double partTarget,
        ServerControl serverControl,
        List<Segment> segments,
        PreloadHint preloadHint,
        List<RenditionReport> renditionReports,
        boolean endList) {

    /** Slack allowed on both part duration bounds, in milliseconds. */
    public static final int PART_TOLERANCE_MS = 1;

    private static final long PART_TOLERANCE_TICKS = PART_TOLERANCE_MS * HlsText.TICKS_PER_SECOND / 1000;

    public MediaPlaylist {
        if (targetDuration < 1) {
            throw new IllegalArgumentException("EXT-X-TARGETDURATION must be >= 1 s, was " + targetDuration);
        }
        if (mediaSequence < 0) {
            throw new IllegalArgumentException("EXT-X-MEDIA-SEQUENCE must be >= 0, was " + mediaSequence);
        }
        if (discontinuitySequence < 0) {
            throw new IllegalArgumentException(
                    "EXT-X-DISCONTINUITY-SEQUENCE must be >= 0, was " + discontinuitySequence);
        }
        Objects.requireNonNull(playlistType, "playlistType");
        HlsText.requireSeconds(partTarget, "PART-TARGET");
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        renditionReports = renditionReports == null ? List.of() : List.copyOf(renditionReports);
        checkSegments(targetDuration, mediaSequence, HlsText.ticks(partTarget), segments, endList);
        checkServerControl(targetDuration, partTarget, serverControl);
        if (endList && preloadHint != null) {
            throw new IllegalArgumentException(
                    "a playlist with EXT-X-ENDLIST must not have an EXT-X-PRELOAD-HINT (4.4.5.3), was "
                            + preloadHint.uri());
        }
    }

    /** A builder with the defaults of a live playlist without parts: everything 0, null or empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this playlist's values. */
    public Builder toBuilder() {
        return new Builder()
                .targetDuration(targetDuration)
                .mediaSequence(mediaSequence)
                .discontinuitySequence(discontinuitySequence)
                .playlistType(playlistType)
                .independentSegments(independentSegments)
                .partTarget(partTarget)
                .serverControl(serverControl)
                .segments(segments)
                .preloadHint(preloadHint)
                .renditionReports(renditionReports)
                .endList(endList);
    }

    /** The MSN of {@code segments().get(index)}. */
    public long msn(int index) {
        return mediaSequence + index;
    }

    /**
     * MSN of the newest Partial Segment, or of the last complete segment when no part is newer
     * (a playlist without parts, or a complete last segment with no part of the next one yet).
     * With {@link #lastPartIndex()} this is what LAST-MSN/LAST-PART of a rendition report for this
     * playlist say (4.4.5.4). An in-progress segment with no part yet does not count. With no
     * segment at all it is {@code mediaSequence() - 1}.
     */
    public long lastMsn() {
        int index = lastListedIndex();
        return index < 0 ? mediaSequence - 1 : msn(index);
    }

    /**
     * Part Index of the newest Partial Segment within segment {@link #lastMsn()}, or -1 when that
     * segment has no parts. When the last segment is complete this is its last part: the next part
     * is then part 0 of the next MSN (6.2.5.2).
     */
    public int lastPartIndex() {
        int index = lastListedIndex();
        return index < 0 ? -1 : segments.get(index).parts().size() - 1;
    }

    /**
     * MSN of the last complete segment (one with a URI), or {@code mediaSequence() - 1} when there
     * is none. Blocking requests without {@code _HLS_part} wait for this one.
     */
    public long lastCompleteMsn() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).isComplete()) {
                return msn(i);
            }
        }
        return mediaSequence - 1;
    }

    /**
     * Whether this playlist answers a Blocking Playlist Reload for {@code _HLS_msn=msn} and, when
     * {@code part >= 0}, {@code _HLS_part=part} (6.2.5.2): it contains that segment (complete) or
     * that part, or anything later. A part index past the last part of a complete segment means part
     * 0 of the next segment. Requests for segments that already left the playlist are answered
     * (the server delivers the whole playlist even then). Checking the Advance Part Limit and the
     * "last MSN + 2" bound is left to the caller.
     *
     * @param msn the {@code _HLS_msn} value
     * @param part the {@code _HLS_part} value, or -1 when the request has none
     */
    public boolean satisfies(long msn, int part) {
        if (part < 0) {
            return lastCompleteMsn() >= msn;
        }
        long index = msn - mediaSequence;
        if (index >= 0 && index < segments.size()) {
            Segment segment = segments.get((int) index);
            if (segment.isComplete() && part >= segment.parts().size()) {
                msn++;
                part = 0;
            }
        }
        long lastMsn = lastMsn();
        if (msn != lastMsn) {
            return msn < lastMsn;
        }
        return part <= lastPartIndex();
    }

    /** Index of the newest segment that is written: complete, or in progress with a part. */
    private int lastListedIndex() {
        int last = segments.size() - 1;
        if (last >= 0 && !segments.get(last).isComplete() && segments.get(last).parts().isEmpty()) {
            last--;
        }
        return last;
    }

    static String describe(int index, long msn, Segment segment) {
        return "segment " + index + " (MSN " + msn + ", " + (segment.isComplete() ? segment.uri() : "in progress")
                + ")";
    }

    private static void checkSegments(
            int targetDuration, long mediaSequence, long partTargetTicks, List<Segment> segments, boolean endList) {
        String previousMap = null;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            long msn = mediaSequence + i;
            if (!segment.isComplete()) {
                if (i != segments.size() - 1) {
                    throw new IllegalArgumentException(describe(i, msn, segment)
                            + " has no URI, but only the last segment may be in progress");
                }
                if (endList) {
                    throw new IllegalArgumentException(describe(i, msn, segment)
                            + " is in progress, but the playlist has EXT-X-ENDLIST");
                }
            } else {
                long ticks = HlsText.ticks(segment.duration());
                long rounded = (ticks + HlsText.TICKS_PER_SECOND / 2) / HlsText.TICKS_PER_SECOND;
                if (rounded > targetDuration) {
                    StringBuilder written = new StringBuilder();
                    HlsText.appendDecimal(written, ticks);
                    throw new IllegalArgumentException(describe(i, msn, segment) + ": EXTINF " + written
                            + " rounds to " + rounded + " s, more than EXT-X-TARGETDURATION " + targetDuration
                            + " (4.4.3.1)");
                }
            }
            if (segment.mapUri() == null && previousMap != null) {
                throw new IllegalArgumentException(describe(i, msn, segment) + " has no EXT-X-MAP after segments using "
                        + previousMap + "; a map applies until the next one, so it cannot be dropped");
            }
            previousMap = segment.mapUri();
            checkParts(i, msn, segment, partTargetTicks);
        }
    }

    private static void checkParts(int index, long msn, Segment segment, long partTargetTicks) {
        List<Part> parts = segment.parts();
        if (parts.isEmpty()) {
            return;
        }
        if (partTargetTicks == 0) {
            throw new IllegalArgumentException(describe(index, msn, segment)
                    + " has parts, but PART-TARGET is 0 (EXT-X-PART-INF is required with EXT-X-PART, 4.4.3.7)");
        }
        for (int j = 0; j < parts.size(); j++) {
            Part part = parts.get(j);
            long ticks = HlsText.ticks(part.duration());
            if (ticks > partTargetTicks + PART_TOLERANCE_TICKS) {
                throw new IllegalArgumentException(describe(index, msn, segment) + " part " + j + " (" + part.uri()
                        + "): DURATION " + part.duration() + " is more than PART-TARGET "
                        + partTargetTicks / (double) HlsText.TICKS_PER_SECOND + " (4.4.4.9)");
            }
            // The last listed part is exempt even while the segment is in progress: it may turn out
            // to be the segment's final part.
            boolean exempt = part.independent() || j == parts.size() - 1;
            if (!exempt && (ticks + PART_TOLERANCE_TICKS) * 100 < partTargetTicks * 85) {
                throw new IllegalArgumentException(describe(index, msn, segment) + " part " + j + " (" + part.uri()
                        + "): DURATION " + part.duration() + " is less than 85% of PART-TARGET "
                        + partTargetTicks / (double) HlsText.TICKS_PER_SECOND
                        + ", allowed only for INDEPENDENT parts and a segment's last part (4.4.4.9)");
            }
        }
    }

    private static void checkServerControl(int targetDuration, double partTarget, ServerControl control) {
        long partTargetTicks = HlsText.ticks(partTarget);
        long targetTicks = targetDuration * HlsText.TICKS_PER_SECOND;
        long partHoldBack = control == null ? 0 : HlsText.ticks(control.partHoldBack());
        if (partTargetTicks > 0 && partHoldBack == 0) {
            throw new IllegalArgumentException(
                    "a playlist with PART-TARGET needs EXT-X-SERVER-CONTROL with PART-HOLD-BACK (4.4.3.8)");
        }
        if (control == null) {
            return;
        }
        if (partHoldBack > 0 && partHoldBack < 2 * partTargetTicks) {
            throw new IllegalArgumentException("PART-HOLD-BACK " + control.partHoldBack()
                    + " must be at least twice PART-TARGET " + partTarget + " (4.4.3.8)");
        }
        long holdBack = HlsText.ticks(control.holdBack());
        if (holdBack > 0 && holdBack < 3 * targetTicks) {
            throw new IllegalArgumentException("HOLD-BACK " + control.holdBack()
                    + " must be at least three times EXT-X-TARGETDURATION " + targetDuration + " (4.4.3.8)");
        }
        long canSkipUntil = HlsText.ticks(control.canSkipUntil());
        if (canSkipUntil > 0 && canSkipUntil < 6 * targetTicks) {
            throw new IllegalArgumentException("CAN-SKIP-UNTIL " + control.canSkipUntil()
                    + " must be at least six times EXT-X-TARGETDURATION " + targetDuration + " (4.4.3.8)");
        }
    }

    /** Builds a {@link MediaPlaylist}; {@link #build()} validates. */
    public static final class Builder {
        private int targetDuration;
        private long mediaSequence;
        private long discontinuitySequence;
        private PlaylistType playlistType = PlaylistType.NONE;
        private boolean independentSegments;
        private double partTarget;
        private ServerControl serverControl;
        private final List<Segment> segments = new ArrayList<>();
        private PreloadHint preloadHint;
        private final List<RenditionReport> renditionReports = new ArrayList<>();
        private boolean endList;

        private Builder() {
        }

        public Builder targetDuration(int seconds) {
            this.targetDuration = seconds;
            return this;
        }

        public Builder mediaSequence(long mediaSequence) {
            this.mediaSequence = mediaSequence;
            return this;
        }

        public Builder discontinuitySequence(long discontinuitySequence) {
            this.discontinuitySequence = discontinuitySequence;
            return this;
        }

        public Builder playlistType(PlaylistType playlistType) {
            this.playlistType = playlistType;
            return this;
        }

        public Builder independentSegments(boolean independentSegments) {
            this.independentSegments = independentSegments;
            return this;
        }

        public Builder partTarget(double seconds) {
            this.partTarget = seconds;
            return this;
        }

        public Builder serverControl(ServerControl serverControl) {
            this.serverControl = serverControl;
            return this;
        }

        /** Replaces the segments. */
        public Builder segments(List<Segment> segments) {
            this.segments.clear();
            this.segments.addAll(segments);
            return this;
        }

        public Builder addSegment(Segment segment) {
            segments.add(segment);
            return this;
        }

        public Builder preloadHint(PreloadHint preloadHint) {
            this.preloadHint = preloadHint;
            return this;
        }

        /** Replaces the rendition reports. */
        public Builder renditionReports(List<RenditionReport> renditionReports) {
            this.renditionReports.clear();
            this.renditionReports.addAll(renditionReports);
            return this;
        }

        public Builder addRenditionReport(RenditionReport report) {
            renditionReports.add(report);
            return this;
        }

        public Builder endList(boolean endList) {
            this.endList = endList;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link MediaPlaylist} constructor does */
        public MediaPlaylist build() {
            return new MediaPlaylist(targetDuration, mediaSequence, discontinuitySequence, playlistType,
                    independentSegments, partTarget, serverControl, segments, preloadHint, renditionReports,
                    endList);
        }
    }
}
