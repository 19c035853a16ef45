package com.courtcast.loadtest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.media.TrackType;
import com.courtcast.loadtest.flv.FlvTag;
import com.courtcast.loadtest.rtmp.ReplayPacer.Action;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing is driven by hand-set times: no sleeping, no event loop. */
class ReplayPacerTest {

    private static final long MS = 1_000_000L;
    private static final long START = 5_000 * MS;
    private static final long LOOP_MILLIS = 200;

    /** Video at 0 (key), 40, 80, 120 (key), 160; audio at 20 and 100. One loop lasts 200 ms. */
    private static final List<FlvTag> FRAMES = List.of(
            video(0, true), audio(20), video(40, false), video(80, false), audio(100), video(120, true),
            video(160, false));

    private final ReplayPacer pacer = new ReplayPacer(FRAMES, LOOP_MILLIS, START, 500);

    @Test
    void sendsWhatIsDueThenWaitsExactlyUntilTheNextFrame() {
        assertThat(sendTimes(pacer.next(START, true))).isEqualTo(0);
        assertThat(pacer.next(START, true)).isEqualTo(new Action.Wait(20 * MS));
        assertThat(pacer.next(START + 19 * MS, true)).isEqualTo(new Action.Wait(MS));
        assertThat(sendTimes(pacer.next(START + 20 * MS, true))).isEqualTo(20);
    }

    @Test
    void catchesUpWithoutDroppingWhenOnlyThePumpWasLate() {
        // The load generator woke up 130 ms late, but the connection takes bytes: send everything due.
        List<Long> sent = drain(START + 130 * MS, true);
        assertThat(sent).containsExactly(0L, 20L, 40L, 80L, 100L, 120L);
        assertThat(pacer.next(START + 130 * MS, true)).isEqualTo(new Action.Wait(30 * MS));
    }

    @Test
    void loopsWithTimestampsContinuing() {
        List<Long> sent = drain(START + 2 * LOOP_MILLIS * MS + 40 * MS, true);
        assertThat(sent).hasSize(2 * FRAMES.size() + 3);
        assertThat(sent.subList(FRAMES.size(), FRAMES.size() + 3)).containsExactly(200L, 220L, 240L);
        assertThat(sent.getLast()).isEqualTo(440L);
        assertThat(pacer.loopsDone()).isEqualTo(2);
    }

    @Test
    void waitsForACongestedConnectionUntilTheLagLimit() {
        drain(START, true);
        // Frame at 20 ms is due; the connection is full. 300 ms late: wait for the rest of the 500 ms.
        assertThat(pacer.next(START + 320 * MS, false)).isEqualTo(new Action.Wait(200 * MS + 1));
        assertThat(pacer.dueNanos()).isEqualTo(START + 20 * MS);
    }

    @Test
    void dropsUntilTheNextKeyframeOncePastTheLagLimit() {
        drain(START, true);
        Action action = pacer.next(START + 521 * MS, false);
        // Dropped: audio 20, video 40, video 80, audio 100; the keyframe at 120 is next.
        assertThat(action).isEqualTo(new Action.Drop(2, 2));
        assertThat(pacer.dueNanos()).isEqualTo(START + 120 * MS);
        // Still congested and the keyframe is itself > 500 ms late: the next GOP goes too (it wraps).
        assertThat(pacer.next(START + 700 * MS, false)).isEqualTo(new Action.Drop(2, 0));
        assertThat(pacer.dueNanos()).isEqualTo(START + LOOP_MILLIS * MS);
        // Writable again: resume with the keyframe, timestamps of the second loop.
        assertThat(sendTimes(pacer.next(START + 701 * MS, true))).isEqualTo(200);
    }

    @Test
    void refusesALoopShorterThanTheFile() {
        assertThatThrownBy(() -> new ReplayPacer(FRAMES, 160, START, 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loop duration 160 ms");
    }

    private List<Long> drain(long now, boolean writable) {
        List<Long> sent = new ArrayList<>();
        Action action;
        while ((action = pacer.next(now, writable)) instanceof Action.Send send) {
            sent.add(send.timestampMillis());
        }
        return sent;
    }

    private static long sendTimes(Action action) {
        assertThat(action).isInstanceOf(Action.Send.class);
        return ((Action.Send) action).timestampMillis();
    }

    private static FlvTag video(long timestamp, boolean keyframe) {
        return new FlvTag(TrackType.VIDEO, timestamp, Unpooled.wrappedBuffer(new byte[] {(byte) (keyframe ? 0x17 : 0x27), 1}),
                keyframe, false);
    }

    private static FlvTag audio(long timestamp) {
        return new FlvTag(TrackType.AUDIO, timestamp, Unpooled.wrappedBuffer(new byte[] {(byte) 0xAF, 1}), false, false);
    }
}
