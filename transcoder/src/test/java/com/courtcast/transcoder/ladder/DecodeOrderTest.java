package com.courtcast.transcoder.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodeOrderTest {

    @Test
    void picturesOutOfADecoderWithBFramesTakeTheDecodeTimesInOrder() {
        // I P B B (decode order) with dts 0 33 67 100 and pts 67 167 100 133, as x264 writes a 2-B-frame GOP.
        DecodeOrder order = new DecodeOrder();
        order.sent(0);
        order.sent(33);
        order.sent(67);
        order.sent(100);
        assertThat(order.next(67)).isEqualTo(0); // the keyframe keeps its decode time
        assertThat(order.next(100)).isEqualTo(33);
        assertThat(order.next(133)).isEqualTo(67);
        assertThat(order.next(167)).isEqualTo(100);
    }

    @Test
    void withoutAQueuedTimeThePresentationTimeServes() {
        DecodeOrder order = new DecodeOrder();
        order.sent(500);
        assertThat(order.next(400)).isEqualTo(400); // never a negative composition offset
        assertThat(order.next(433)).isEqualTo(433);
    }
}
