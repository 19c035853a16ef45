package com.courtcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamFlagTest {

    @Test
    void thePlainFormStillReadsAsNameAndKey() {
        StreamFlag flag = StreamFlag.parse("court1:0123456789abcdef0123");
        assertThat(flag).isEqualTo(new StreamFlag("court1", "0123456789abcdef0123", null));
        assertThat(flag.authorization()).isEqualTo("court1:0123456789abcdef0123");
    }

    @Test
    void aLadderOptionChoosesTheStreamsRungs() {
        List<StreamFlag> flags = StreamFlag.parseAll(List.of("court1:key-one-0123456789:ladder=360p,240p",
                "court2:key-two-0123456789:ladder=off", "court3:key-three-0123456789"));
        assertThat(flags.getFirst().authorization()).isEqualTo("court1:key-one-0123456789");
        assertThat(StreamFlag.ladders(flags)).isEqualTo(Map.of("court1", "360p,240p", "court2", "off"));
    }

    @Test
    void unknownOptionsAndMissingKeysAreRefusedWithoutShowingTheKey() {
        assertThatThrownBy(() -> StreamFlag.parse("court1:secret-key-0123456789:quality=high"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option 'quality=high'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> StreamFlag.parse("court1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME:KEY");
        assertThatThrownBy(() -> StreamFlag.parse("court1:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME:KEY");
    }
}
