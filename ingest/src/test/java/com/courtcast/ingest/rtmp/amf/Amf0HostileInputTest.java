package com.courtcast.ingest.rtmp.amf;

import static com.courtcast.ingest.rtmp.amf.AmfFixtures.CONNECT;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.CONNECT_RESULT;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.CONNECT_VALUE_BOUNDARIES;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.EVERY_TYPE;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.SET_DATA_FRAME;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.bytes;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeAll;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.decodeOne;
import static com.courtcast.ingest.rtmp.amf.AmfFixtures.directCopy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an untrusted publisher can send: every failure must be an AmfException, and bounded. */
class Amf0HostileInputTest {

    private static final List<String> VALID_MESSAGES =
            List.of(CONNECT, SET_DATA_FRAME, CONNECT_RESULT, EVERY_TYPE);

    @ParameterizedTest
    @ValueSource(strings = {"objects", "metadata", "every type"})
    void everyTruncationOfOneValueFails(String which) throws AmfException {
        byte[] whole = bytes(switch (which) {
            case "objects" -> "03 0001 61 03 0001 62 02 0001 63 0000 09 0000 09";
            case "metadata" -> SET_DATA_FRAME.substring(SET_DATA_FRAME.indexOf("08 00000006"));
            default -> EVERY_TYPE;
        });
        decodeOne(whole);

        for (int length = 0; length < whole.length; length++) {
            byte[] prefix = Arrays.copyOf(whole, length);
            assertThat(catchThrowable(() -> decodeOne(prefix)))
                    .as("truncated to %d of %d bytes", length, whole.length)
                    .isInstanceOf(AmfException.class);
        }
    }

    @Test
    void everyTruncationOfConnectFailsUnlessItEndsBetweenValues() {
        byte[] whole = bytes(CONNECT);

        for (int length = 0; length <= whole.length; length++) {
            byte[] prefix = Arrays.copyOf(whole, length);
            Throwable thrown = catchThrowable(() -> decodeAll(prefix, AmfLimits.DEFAULTS));
            if (CONNECT_VALUE_BOUNDARIES.contains(length)) {
                assertThat(thrown).as("cut at value boundary %d", length).isNull();
            } else {
                assertThat(thrown).as("cut at %d", length).isInstanceOf(AmfException.class);
            }
        }
    }

    @Test
    void truncationIsReportedWithItsOffset() {
        assertThatThrownBy(() -> decodeAll("02 0007 636f6e6e656374  00 3ff000"))
                .isInstanceOf(AmfException.class)
                .hasMessage("truncated number: needs 8 bytes, 3 left at offset 11")
                .extracting(e -> ((AmfException) e).offset()).isEqualTo(11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"03 0001 61", "08 00000001 0001 61", "10 0000 0001 61", "0a 00000001"})
    void nestingTenThousandDeepFailsWithoutStackOverflow(String level) {
        byte[] deep = bytes(level.repeat(10_000) + "05");

        assertThatThrownBy(() -> decodeOne(deep))
                .isInstanceOf(AmfException.class)
                .hasMessageStartingWith("nesting deeper than 32 levels");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws AmfException {
        AmfLimits limits = new AmfLimits(3, 100, 100);

        assertThat(decodeAll(bytes("0a 00000001".repeat(3) + "05"), limits)).hasSize(1);
        assertThatThrownBy(() -> decodeAll(bytes("0a 00000001".repeat(4) + "05"), limits))
                .isInstanceOf(AmfException.class)
                .hasMessage("nesting deeper than 3 levels at offset 15");
    }

    @Test
    void ecmaArrayCountOfFourBillionWithThreeBytesLeftFails() {
        assertThatThrownBy(() -> decodeOne("08 ffffffff 0005 61"))
                .isInstanceOf(AmfException.class)
                .hasMessage("truncated object key: needs 5 bytes, 1 left at offset 7");
    }

    @Test
    void strictArrayCountBeyondRemainingBytesFailsBeforeAllocating() {
        assertThatThrownBy(() -> decodeOne("0a ffffffff 05 05 05"))
                .isInstanceOf(AmfException.class)
                .hasMessage("strict array of 4294967295 values but only 3 bytes left at offset 0");
    }

    @Test
    void stringLengthBeyondBufferFails() {
        assertThatThrownBy(() -> decodeOne("02 0010 616263"))
                .isInstanceOf(AmfException.class)
                .hasMessage("truncated string: needs 16 bytes, 3 left at offset 3");
        assertThatThrownBy(() -> decodeOne("0c 7fffffff 616263"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("long string of 2147483647 bytes exceeds the limit of 1048576 bytes");
        assertThatThrownBy(() -> decodeOne("0f ffffffff 3c"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("XML document of 4294967295 bytes exceeds the limit");
        assertThatThrownBy(() -> decodeOne("0c 00000010 616263"))
                .isInstanceOf(AmfException.class)
                .hasMessageStartingWith("truncated long string");
    }

    @Test
    void stringLimitAppliesToShortStringsAndKeys() {
        AmfLimits limits = new AmfLimits(32, 100, 4);

        assertThatThrownBy(() -> decodeAll(bytes("02 0005 68656c6c6f"), limits))
                .hasMessageContaining("string of 5 bytes exceeds the limit of 4 bytes");
        assertThatThrownBy(() -> decodeAll(bytes("03 0005 68656c6c6f 05 0000 09"), limits))
                .hasMessageContaining("object key of 5 bytes exceeds the limit of 4 bytes");
        assertThatThrownBy(() -> decodeAll(bytes("10 0005 68656c6c6f 0000 09"), limits))
                .hasMessageContaining("class name of 5 bytes exceeds the limit of 4 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "13", "7f", "80", "ff"})
    void unknownMarkerFails(String marker) {
        assertThatThrownBy(() -> decodeAll("05 05 " + marker))
                .isInstanceOf(AmfException.class)
                .hasMessage("unknown AMF0 marker 0x%s at offset 2", marker);
    }

    @Test
    void reservedMarkersFail() {
        assertThatThrownBy(() -> decodeOne("04"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("movieclip");
        assertThatThrownBy(() -> decodeOne("0e"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("recordset");
        assertThatThrownBy(() -> decodeOne("09"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("object-end marker outside an object");
        assertThatThrownBy(() -> decodeOne("03 0001 61 09"))
                .isInstanceOf(AmfException.class)
                .hasMessage("object-end marker outside an object at offset 4");
    }

    @Test
    void referenceToUnknownIndexFails() {
        assertThatThrownBy(() -> decodeAll("07 0000"))
                .isInstanceOf(AmfException.class)
                .hasMessage("reference #0 but only 0 objects and arrays came before it at offset 0");
        assertThatThrownBy(() -> decodeAll("03 0000 09  07 ffff"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("reference #65535 but only 1");
    }

    @Test
    void referenceToAnEnclosingValueFailsInsteadOfBuildingACycle() {
        assertThatThrownBy(() -> decodeOne("03 0004 73656c66 07 0000 0000 09"))
                .isInstanceOf(AmfException.class)
                .hasMessage("reference #0 points into itself (a cycle) at offset 7");
    }

    @Test
    void referencesCannotAmplifyPastTheElementLimit() {
        // A0 = [null, null]; each next array holds two references to the previous one, so forty
        // of them would describe 2^40 values in a few hundred bytes.
        StringBuilder hex = new StringBuilder("0a 00000029  0a 00000002 05 05");
        for (int index = 1; index <= 40; index++) {
            String ref = "07 %04x".formatted(index);
            hex.append(" 0a 00000002 ").append(ref).append(' ').append(ref);
        }

        assertThatThrownBy(() -> decodeOne(hex.toString()))
                .isInstanceOf(AmfException.class)
                .hasMessageStartingWith("more than 10000 values in one message");
    }

    @Test
    void referencesCannotDeepenPastTheDepthLimit() throws AmfException {
        String deepest = "0a 00000001".repeat(32) + "05";
        assertThat(decodeAll(deepest + " 07 0000")).hasSize(2);

        assertThatThrownBy(() -> decodeAll(deepest + " 0a 00000001 07 0000"))
                .isInstanceOf(AmfException.class)
                .hasMessageStartingWith("nesting deeper than 32 levels");
    }

    @Test
    void elementLimitCountsEveryValue() throws AmfException {
        AmfLimits limits = new AmfLimits(32, 10, 100);

        assertThat(decodeAll(bytes("0a 00000009" + " 05".repeat(9)), limits)).hasSize(1);
        assertThatThrownBy(() -> decodeAll(bytes("0a 0000000a" + " 05".repeat(10)), limits))
                .isInstanceOf(AmfException.class)
                .hasMessage("more than 10 values in one message at offset 0");
        assertThatThrownBy(() -> decodeAll(bytes("05".repeat(11)), limits))
                .isInstanceOf(AmfException.class)
                .hasMessage("more than 10 values in one message at offset 10");
    }

    @Test
    void nonFiniteDateFails() {
        assertThatThrownBy(() -> decodeOne("0b 7ff8000000000000 0000"))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("date is not a finite number");
    }

    @Test
    void failedDecodeLeavesTheReaderIndexWhereItWas() {
        ByteBuf in = directCopy(bytes("ff 02 0001 61 02 0009 62"));
        try {
            in.skipBytes(1);
            Amf0Decoder decoder = new Amf0Decoder(AmfLimits.DEFAULTS);

            AmfException thrown = (AmfException) catchThrowable(() -> decoder.decodeAll(in));

            assertThat(thrown.offset()).as("relative to the starting reader index").isEqualTo(7);
            assertThat(in.readerIndex()).isEqualTo(1);
            in.skipBytes(4);
            assertThat(catchThrowable(() -> decoder.decodeOne(in))).isInstanceOf(AmfException.class);
            assertThat(in.readerIndex()).isEqualTo(5);
        } finally {
            in.release();
        }
    }

    @Test
    void twentyThousandRandomAndMutatedInputsOnlyEverFailWithAmfException() {
        Random random = new Random(0x5EED_A3F0L);
        List<byte[]> seeds = VALID_MESSAGES.stream().map(AmfFixtures::bytes).toList();
        int decoded = 0;
        int rejected = 0;

        for (int i = 0; i < 20_000; i++) {
            byte[] input = i % 2 == 0
                    ? randomBytes(random)
                    : mutate(seeds.get(random.nextInt(seeds.size())), random);
            Throwable thrown = catchThrowable(() -> decodeAll(input, AmfLimits.DEFAULTS));
            if (thrown == null) {
                decoded++;
            } else if (thrown instanceof AmfException) {
                rejected++;
            } else {
                fail("input " + HexFormat.of().formatHex(input) + " threw " + thrown, thrown);
            }
        }

        // Both outcomes must be common, or the inputs are not exercising the decoder.
        assertThat(decoded).isGreaterThan(1_000);
        assertThat(rejected).isGreaterThan(1_000);
    }

    /** Bytes biased towards AMF0/AMF3 markers and small lengths, so inputs get past the first byte. */
    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x13);
                case 1 -> 0;
                case 2 -> random.nextBoolean() ? 0xFF : 0x80;
                default -> random.nextInt(256);
            };
        }
        return bytes;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(5)) {
                case 0 -> replace(bytes, at, (byte) random.nextInt(256));
                case 1 -> replace(bytes, at, (byte) (bytes[at] ^ (1 << random.nextInt(8))));
                case 2 -> insert(bytes, at, (byte) random.nextInt(0x13));
                case 3 -> remove(bytes, at);
                default -> Arrays.copyOf(bytes, at);
            };
        }
        return bytes;
    }

    private static byte[] replace(byte[] bytes, int at, byte value) {
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, byte value) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = value;
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    private static byte[] remove(byte[] bytes, int at) {
        byte[] copy = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
        return copy;
    }
}
