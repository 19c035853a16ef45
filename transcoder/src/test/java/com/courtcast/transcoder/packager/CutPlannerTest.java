package com.courtcast.transcoder.packager;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.transcoder.packager.CutPlanner.Cut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutPlannerTest {

    /** Frame times as RTMP carries them: whole milliseconds, rounded. */
    private static long frameTime(int frame, double fps) {
        return Math.round(frame * 1000.0 / fps);
    }

    private record Plan(List<Long> partDurations, List<Boolean> partIndependent, List<Long> segmentDurations,
                        long partTarget, int targetDuration) {}

    private static Plan plan(CutPlanner planner, double fps, int gopFrames, int frames) {
        List<Long> parts = new ArrayList<>();
        List<Boolean> independent = new ArrayList<>();
        List<Long> segments = new ArrayList<>();
        long partStart = 0;
        long segmentStart = 0;
        boolean partIndependent = true;
        for (int i = 0; i < frames; i++) {
            long t = frameTime(i, fps);
            boolean key = i % gopFrames == 0;
            Cut cut = planner.onFrame(t, key);
            if (i == 0) {
                assertThat(cut).isEqualTo(Cut.SEGMENT);
                continue;
            }
            if (cut != Cut.NONE) {
                parts.add(t - partStart);
                independent.add(partIndependent);
                partStart = t;
                partIndependent = key;
            }
            if (cut == Cut.SEGMENT) {
                segments.add(t - segmentStart);
                segmentStart = t;
            }
        }
        return new Plan(parts, independent, segments, planner.partTargetMillis(),
                planner.declaredTargetDurationSeconds());
    }

    @Test
    void thirtyFpsWithTheDefaultPartTargetMakesTenFrameParts() {
        Plan plan = plan(new CutPlanner(2000, 333, 0), 30, 30, 30 * 20);
        assertThat(plan.partTarget()).isEqualTo(335);
        assertThat(plan.partDurations()).allSatisfy(d -> assertThat(d).isBetween(266L, 335L));
        assertThat(plan.partDurations().stream().filter(d -> d < 300)).hasSizeLessThanOrEqualTo(plan.segmentDurations().size());
        assertThat(plan.segmentDurations()).allSatisfy(d -> assertThat(d).isBetween(1999L, 2001L));
        assertThat(plan.targetDuration()).isEqualTo(2);
    }

    @Test
    void partsObeyTheEightyFivePercentRuleExceptLastAndIndependentOnes() {
        for (double fps : new double[] {24, 25, 29.97, 30, 50, 59.94, 60}) {
            for (long target : new long[] {200, 333, 500, 1000}) {
                CutPlanner planner = new CutPlanner(2000, target, 0);
                int gop = (int) Math.round(fps);
                Plan plan = plan(planner, fps, gop, (int) (fps * 30));
                long partTarget = plan.partTarget();
                // A part is followed by an independent one exactly when it is the last of its segment.
                for (int i = 0; i < plan.partDurations().size(); i++) {
                    long duration = plan.partDurations().get(i);
                    assertThat(duration).as("%s fps, target %d: part %d", fps, target, i).isLessThanOrEqualTo(partTarget);
                    boolean lastOfSegment = i + 1 < plan.partIndependent().size() && plan.partIndependent().get(i + 1);
                    if (!plan.partIndependent().get(i) && !lastOfSegment) {
                        assertThat(duration * 100).as("%s fps, target %d: part %d", fps, target, i)
                                .isGreaterThanOrEqualTo(partTarget * 85);
                    }
                }
                assertThat(Math.abs(partTarget - target)).as("%s fps, target %d", fps, target)
                        .isLessThanOrEqualTo((long) Math.ceil(1000 / fps / 2) + 1);
            }
        }
    }

    @Test
    void aSignalledFrameRateFixesThePartTargetUpFront() {
        CutPlanner planner = new CutPlanner(2000, 200, 25);
        assertThat(planner.partTargetMillis()).isEqualTo(201);
    }

    @Test
    void aLongGopMakesLongSegmentsButPartsStayOnTime() {
        Plan plan = plan(new CutPlanner(2000, 333, 30), 30, 30 * 4, 30 * 20);
        assertThat(plan.segmentDurations()).allSatisfy(d -> assertThat(d).isBetween(3999L, 4001L));
        assertThat(plan.targetDuration()).isEqualTo(4);
        assertThat(plan.partDurations()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(plan.partTarget()));
    }

    @Test
    void aGopGrowingPastTheDeclaredTargetDurationIsForceCut() {
        CutPlanner planner = new CutPlanner(2000, 333, 30);
        List<Long> segmentStarts = new ArrayList<>();
        boolean forcedSeen = false;
        // 2 s GOPs for 10 s, then keyframes only every 6 s.
        for (int i = 0; i < 30 * 30; i++) {
            long t = frameTime(i, 30);
            boolean key = i < 300 ? i % 60 == 0 : (i - 300) % 180 == 0;
            if (planner.onFrame(t, key) == Cut.SEGMENT) {
                segmentStarts.add(t);
                forcedSeen |= planner.lastSegmentForced();
                assertThat(planner.lastSegmentForced()).isEqualTo(!key);
            }
        }
        assertThat(planner.declaredTargetDurationSeconds()).isEqualTo(2);
        assertThat(forcedSeen).isTrue();
        for (int i = 1; i < segmentStarts.size(); i++) {
            long duration = segmentStarts.get(i) - segmentStarts.get(i - 1);
            assertThat(Math.round(duration / 1000.0)).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aReconnectKeepsThePartTargetAndTargetDuration() {
        CutPlanner first = new CutPlanner(2000, 333, 0);
        plan(first, 30, 30, 30 * 5);
        CutPlanner second = new CutPlanner(2000, 333, 25).continuing(first);
        assertThat(second.partTargetMillis()).isEqualTo(first.partTargetMillis());
        assertThat(second.declaredTargetDurationSeconds()).isEqualTo(first.declaredTargetDurationSeconds());
    }
}
