package com.courtcast.ingest.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.NettyLeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Outbound chunking (RTMP spec 5.3), byte for byte, and a round trip through {@link ChunkDecoder}. */
@ExtendWith(NettyLeakCheck.class)
class ChunkEncoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ChunkEncoder());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void shortMessageIsOneType0Chunk() {
        assertThat(encode(new RawMessage(3, 20, 0, 0, payload(0, 10)))).isEqualTo(hex(
                "03"                  // fmt 0, csid 3
                + "000000"            // timestamp 0
                + "00000a"            // length 10
                + "14"                // type 20
                + "00000000")         // message stream 0
                + body(0, 10));
    }

    @Test
    void longMessageContinuesWithType3Chunks() {
        assertThat(encode(new RawMessage(6, 9, 40, 1, payload(0, 300)))).isEqualTo(
                hex("06 000028 00012c 09 01000000") + body(0, 128)   // fmt 0: ts 40, length 300, video, stream 1
                + "c6" + body(128, 128)                              // fmt 3, csid 6
                + "c6" + body(256, 44));
    }

    @Test
    void messageOfExactlyOneChunkHasNoContinuation() {
        assertThat(encode(new RawMessage(6, 9, 0, 1, payload(0, 128))))
                .isEqualTo(hex("06 000000 000080 09 01000000") + body(0, 128));
    }

    @Test
    void emptyMessageIsAHeaderAlone() {
        assertThat(encode(new RawMessage(3, 20, 7, 0, Unpooled.buffer(0))))
                .isEqualTo(hex("03 000007 000000 14 00000000"));
    }

    @Test
    void chunkStreamIdsInOneTwoAndThreeByteBasicHeaders() {
        assertThat(encode(new RawMessage(2, 5, 0, 0, payload(0, 1)))).startsWith("02" + "000000");
        assertThat(encode(new RawMessage(63, 8, 0, 1, payload(0, 1)))).startsWith("3f" + "000000");
        assertThat(encode(new RawMessage(64, 8, 0, 1, payload(0, 1)))).startsWith("0000" + "000000");
        assertThat(encode(new RawMessage(319, 8, 0, 1, payload(0, 1)))).startsWith("00ff" + "000000");
        assertThat(encode(new RawMessage(320, 8, 0, 1, payload(0, 1)))).startsWith("010001" + "000000");
        assertThat(encode(new RawMessage(65599, 8, 0, 1, payload(0, 1)))).startsWith("01ffff" + "000000");
        // The continuation headers use the same form.
        assertThat(encode(new RawMessage(320, 8, 0, 1, payload(0, 129))))
                .isEqualTo(hex("01 00 01  000000 000081 08 01000000") + body(0, 128) + "c10001" + body(128, 1));
    }

    @Test
    void extendedTimestampIsWrittenOnEveryChunk() {
        assertThat(encode(new RawMessage(6, 9, 0x01000000L, 1, payload(0, 200)))).isEqualTo(
                hex("06 ffffff 0000c8 09 01000000 01000000") + body(0, 128)   // marker, then 2^24
                + hex("c6 01000000") + body(128, 72));                        // repeated after fmt 3
    }

    @Test
    void timestampFfffffIsAlreadyExtended() {
        assertThat(encode(new RawMessage(4, 8, 0xFFFFFFL, 1, payload(0, 1))))
                .isEqualTo(hex("04 ffffff 000001 08 01000000 00ffffff") + body(0, 1));
    }

    @Test
    void setChunkSizeAppliesToTheMessagesAfterIt() {
        String before = encode(new RawMessage(6, 9, 0, 1, payload(0, 300)));
        String setChunkSize = encode(new RawMessage(2, 1, 0, 0, Unpooled.buffer(4).writeInt(4096)));
        String after = encode(new RawMessage(6, 9, 0, 1, payload(0, 300)));

        assertThat(before).hasSize(2 * (12 + 300 + 2));
        assertThat(setChunkSize).isEqualTo(hex("02 000000 000004 01 00000000 00001000"));
        assertThat(after).isEqualTo(hex("06 000000 00012c 09 01000000") + body(0, 300));
    }

    @Test
    void setChunkSizeLargerThanItsOwnChunkIsSentWithTheOldSize() {
        channel.writeOutbound(new RawMessage(2, 1, 0, 0, Unpooled.buffer(4).writeInt(64)));
        releaseOutbound();

        // A 200-byte Set Chunk Size body is odd but legal: it goes out in chunks of 64, the old size.
        ByteBuf body = Unpooled.buffer(200).writeInt(1000).writeZero(196);
        String encoded = encode(new RawMessage(2, 1, 0, 0, body));

        assertThat(encoded).hasSize(2 * (12 + 200 + 3));
        assertThat(encode(new RawMessage(6, 9, 0, 1, payload(0, 1000))))
                .isEqualTo(hex("06 000000 0003e8 09 01000000") + body(0, 1000));
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 7, 128, 4096, 60_000, 1 << 24})
    void roundTripsThroughTheDecoder(int chunkSize) {
        Random random = new Random(chunkSize);
        int[] chunkStreams = {2, 3, 4, 5, 6, 8, 63, 64, 200, 319, 320, 1000, 65599};
        int[] types = {8, 9, 15, 17, 18, 20, 22};
        long[] timestamps = {0, 1, 0xFFFFFEL, 0xFFFFFFL, 0x1000000L, 0x7FFFFFFFL, 0xFFFFFFFFL};
        // Tiny chunk sizes get short messages: paranoid leak tracking makes each chunk costly.
        int count = chunkSize < 128 ? 40 : 150;
        int maxSize = chunkSize < 128 ? 600 : 20_000;

        List<ChunkDecoderTest.Message> sent = new ArrayList<>();
        List<RawMessage> messages = new ArrayList<>();
        messages.add(new RawMessage(2, 1, 0, 0, Unpooled.buffer(4).writeInt(chunkSize)));
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[random.nextInt(maxSize + 1)];
            random.nextBytes(body);
            long timestamp = random.nextBoolean()
                    ? timestamps[random.nextInt(timestamps.length)]
                    : random.nextLong(1L << 32);
            RawMessage message = new RawMessage(chunkStreams[random.nextInt(chunkStreams.length)],
                    types[random.nextInt(types.length)], timestamp, random.nextInt(), Unpooled.wrappedBuffer(body));
            messages.add(message);
            sent.add(new ChunkDecoderTest.Message(message.chunkStreamId(), message.typeId(), message.timestamp(),
                    message.messageStreamId(), HexFormat.of().formatHex(body)));
        }

        ByteBuf wire = Unpooled.buffer();
        for (RawMessage message : messages) {
            channel.writeOutbound(message);
            for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
                wire.writeBytes(out);
                out.release();
            }
        }

        EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(ChunkLimits.DEFAULTS));
        List<ChunkDecoderTest.Message> received = new ArrayList<>();
        try {
            // In uneven pieces, as TCP delivers them.
            while (wire.isReadable()) {
                decoder.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), 1 + random.nextInt(3000))));
                for (RawMessage raw; (raw = decoder.readInbound()) != null; ) {
                    received.add(new ChunkDecoderTest.Message(raw.chunkStreamId(), raw.typeId(), raw.timestamp(),
                            raw.messageStreamId(), HexFormat.of().formatHex(ByteBufUtil.getBytes(raw.payload()))));
                    raw.release();
                }
            }
            assertThat(decoder.pipeline().get(ChunkDecoder.class).chunkSize()).isEqualTo(chunkSize);
        } finally {
            wire.release();
            decoder.finishAndReleaseAll();
        }
        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).as("message %d", i).isEqualTo(sent.get(i));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String encode(RawMessage message) {
        channel.writeOutbound(message);
        StringBuilder hex = new StringBuilder();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            hex.append(HexFormat.of().formatHex(ByteBufUtil.getBytes(out)));
            out.release();
        }
        assertThat(message.refCnt()).as("the encoder releases what it wrote").isZero();
        return hex.toString();
    }

    private void releaseOutbound() {
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            out.release();
        }
    }

    private static ByteBuf payload(int from, int length) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(body(from, length)));
    }

    /** Hex of {@code length} bytes counting up from {@code from} (mod 256). */
    private static String body(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return HexFormat.of().formatHex(bytes);
    }

    private static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }
}
