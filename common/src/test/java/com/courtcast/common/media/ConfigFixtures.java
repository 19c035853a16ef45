package com.courtcast.common.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.HexFormat;

/** Hex decoding and the robustness checks every configuration parser must pass. */
final class ConfigFixtures {

    private ConfigFixtures() {}

    @FunctionalInterface
    interface Parser {
        CodecConfig parse(byte[] record) throws MediaFormatException;
    }

    /** Hex to bytes; whitespace is ignored so long records can be wrapped. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /**
     * Every strict prefix of a valid record, and every single-bit corruption of it, either parses or
     * fails with a {@link MediaFormatException} that says what it was reading; nothing else escapes.
     */
    static void assertFailsCleanlyOnDamage(byte[] valid, Parser parser) {
        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(valid, length);
            attempt(prefix, parser, "prefix of " + length + " bytes");
        }
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] flipped = valid.clone();
            flipped[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
            attempt(flipped, parser, "bit " + bit + " flipped");
        }
    }

    private static void attempt(byte[] input, Parser parser, String what) {
        try {
            parser.parse(input);
        } catch (MediaFormatException expected) {
            assertThat(expected.getMessage()).as(what).isNotBlank().contains(": ");
        } catch (RuntimeException unexpected) {
            fail(what + " (" + HexFormat.of().formatHex(input) + ") threw " + unexpected, unexpected);
        }
    }
}
