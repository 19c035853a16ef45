package com.courtcast.ingest.rtmp.amf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AmfLimitsTest {

    @Test
    void defaultsAreTheNamedConstants() {
        assertThat(AmfLimits.DEFAULTS).isEqualTo(new AmfLimits(32, 10_000, 1_048_576));
    }

    @Test
    void rejectsNonPositiveLimitsByName() {
        assertThatThrownBy(() -> new AmfLimits(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amf.maxDepth must be > 0, was 0");
        assertThatThrownBy(() -> new AmfLimits(1, -1, 1))
                .hasMessage("amf.maxElements must be > 0, was -1");
        assertThatThrownBy(() -> new AmfLimits(1, 1, 0))
                .hasMessage("amf.maxStringBytes must be > 0, was 0");
    }
}
