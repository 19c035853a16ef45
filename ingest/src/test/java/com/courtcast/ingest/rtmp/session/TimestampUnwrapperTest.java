package com.courtcast.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {

    private static final long WRAP = 1L << 32;

    @Test
    void timestampsContinuePastTheThirtyTwoBitWrap() {
        TimestampUnwrapper unwrapper = new TimestampUnwrapper();
        assertThat(unwrapper.unwrap(WRAP - 40)).isEqualTo(WRAP - 40);
        assertThat(unwrapper.unwrap(WRAP - 7)).isEqualTo(WRAP - 7);
        assertThat(unwrapper.unwrap(26)).isEqualTo(WRAP + 26);
        // an audio frame from just before the wrap, arriving after the first video frame past it
        assertThat(unwrapper.unwrap(WRAP - 3)).isEqualTo(WRAP - 3);
        assertThat(unwrapper.unwrap(60)).isEqualTo(WRAP + 60);
    }

    @Test
    void smallReorderingDoesNotLookLikeAWrap() {
        TimestampUnwrapper unwrapper = new TimestampUnwrapper();
        assertThat(unwrapper.unwrap(1000)).isEqualTo(1000);
        assertThat(unwrapper.unwrap(980)).isEqualTo(980);
        assertThat(unwrapper.unwrap(1040)).isEqualTo(1040);
    }
}
