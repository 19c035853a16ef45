package com.courtcast.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void readsTheFormsPlayersSend() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange.Parsed.Partial(new ByteRange(0, 99)));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange.Parsed.Partial(new ByteRange(900, 999)));
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange.Parsed.Partial(new ByteRange(900, 999)));
        assertThat(ByteRange.parse("bytes=990-2000", 1000))
                .isEqualTo(new ByteRange.Parsed.Partial(new ByteRange(990, 999)));
    }

    @Test
    void unsatisfiableAndUnusableRanges() {
        assertThat(ByteRange.parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Parsed.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Parsed.Unsatisfiable.class);
        // Ignored (RFC 9110 14.2): not bytes, several ranges, reversed, garbage, absent.
        assertThat(ByteRange.parse("items=0-1", 1000)).isInstanceOf(ByteRange.Parsed.Whole.class);
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isInstanceOf(ByteRange.Parsed.Whole.class);
        assertThat(ByteRange.parse("bytes=9-3", 1000)).isInstanceOf(ByteRange.Parsed.Whole.class);
        assertThat(ByteRange.parse("bytes=x-y", 1000)).isInstanceOf(ByteRange.Parsed.Whole.class);
        assertThat(ByteRange.parse(null, 1000)).isInstanceOf(ByteRange.Parsed.Whole.class);
    }
}
