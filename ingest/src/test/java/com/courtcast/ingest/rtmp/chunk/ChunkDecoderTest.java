package com.courtcast.ingest.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inbound chunk stream (RTMP spec 5.3) from hand-written byte tables. Every table that decodes
 * is also fed one byte at a time and in random pieces, and must give the same messages.
 *
 * <p>Chunk header layout, for reading the tables: basic header (fmt in the top two bits, then the
 * chunk stream id in 1, 2 or 3 bytes), message header (fmt 0: timestamp 3, length 3, type 1,
 * stream id 4 little-endian; fmt 1: delta 3, length 3, type 1; fmt 2: delta 3; fmt 3: nothing),
 * extended timestamp (4 bytes, present when the 3-byte field is ffffff), payload.
 */
@ExtendWith(NettyLeakCheck.class)
class ChunkDecoderTest {

    /** What a decoded message says, with its payload as hex, so lists of them compare by value. */
    record Message(int chunkStreamId, int typeId, long timestamp, int messageStreamId, String payload) {}

    private static final ChunkLimits TIGHT = new ChunkLimits(1 << 24, 1000, 4, 300);

    // ---- headers ------------------------------------------------------------------------------

    @Test
    void type0HeaderCarriesEverything() {
        assertThat(decode("""
                03                    // fmt 0, csid 3
                000064                // timestamp 100
                00000a                // message length 10
                14                    // type 20, AMF0 command
                01000000              // message stream id 1 (little-endian)
                00112233445566778899  // payload
                """)).containsExactly(new Message(3, 20, 100, 1, "00112233445566778899"));
    }

    @Test
    void types1And2And3ReuseTheStreamsLastHeader() {
        // The audio example of RTMP spec 5.3.2.1: one header, then deltas.
        assertThat(decode("""
                04 0003e8 000004 08 01000000  aabbccdd   // fmt 0: ts 1000, length 4, audio, stream 1
                44 000014 000003 09           112233     // fmt 1: delta 20, length 3, video
                84 000014                     445566     // fmt 2: delta 20
                c4                            778899     // fmt 3: delta 20 again
                """)).containsExactly(
                new Message(4, 8, 1000, 1, "aabbccdd"),
                new Message(4, 9, 1020, 1, "112233"),
                new Message(4, 9, 1040, 1, "445566"),
                new Message(4, 9, 1060, 1, "778899"));
    }

    @Test
    void type3AfterType0UsesTheAbsoluteTimestampAsItsDelta() {
        // RTMP spec 5.3.1.2.4: "If a Type 3 chunk follows a Type 0 chunk, then the timestamp delta
        // for this Type 3 chunk is the same as the timestamp of the Type 0 chunk." FFmpeg agrees.
        assertThat(decode("""
                05 0003e8 000002 09 01000000  1727   // fmt 0: ts 1000
                c5                            1727   // fmt 3, new message: delta 1000
                c5                            1727   // fmt 3, new message: delta 1000
                """)).extracting(Message::timestamp).containsExactly(1000L, 2000L, 3000L);
    }

    @Test
    void basicHeaderOfOneTwoAndThreeBytes() {
        assertThat(decode("""
                02       000000 000001 04 00000000 aa   // 1 byte: csid 2
                00 00    000000 000001 08 01000000 bb   // 2 bytes: 64 + 0 = csid 64
                00 ff    000000 000001 08 01000000 cc   // 2 bytes: 64 + 255 = csid 319
                01 00 01 000000 000001 08 01000000 dd   // 3 bytes: 64 + 0 + 1 * 256 = csid 320
                01 ff ff 000000 000001 08 01000000 ee   // 3 bytes: 64 + 255 + 255 * 256 = csid 65599
                c1 ff ff                           ff   // fmt 3 on csid 65599
                c0 00                              11   // fmt 3 on csid 64
                """)).extracting(Message::chunkStreamId, Message::payload).containsExactly(
                tuple(2, "aa"),
                tuple(64, "bb"),
                tuple(319, "cc"),
                tuple(320, "dd"),
                tuple(65599, "ee"),
                tuple(65599, "ff"),
                tuple(64, "11"));
    }

    // ---- chunking -----------------------------------------------------------------------------

    @Test
    void reassemblesAMessageOverChunksOf128ThenOf4096AfterSetChunkSize() {
        List<Message> messages = decode(
                "06 000000 00012c 09 01000000" + body(0, 128)     // fmt 0: video, length 300
                + "c6" + body(128, 128)                            // fmt 3 continuation
                + "c6" + body(256, 44)                             // fmt 3, last 44 bytes
                + "02 000000 000004 01 00000000 00001000"          // Set Chunk Size 4096
                + "06 000028 001388 09 01000000" + body(0, 4096)   // fmt 0: ts 40, length 5000
                + "c6" + body(4096, 904));                         // fmt 3, last 904 bytes

        assertThat(messages).containsExactly(
                new Message(6, 9, 0, 1, body(0, 300)),
                new Message(6, 9, 40, 1, body(0, 5000)));
    }

    @Test
    void chunksOfTwoStreamsMayInterleave() {
        assertThat(decode(
                "06 000000 0000c8 09 01000000" + body(0, 128)   // video, 200 bytes, first chunk
                + "04 000000 000002 08 01000000 aabb"           // a whole audio message between
                + "c6" + body(128, 72)))                        // the rest of the video
                .containsExactly(
                        new Message(4, 8, 0, 1, "aabb"),
                        new Message(6, 9, 0, 1, body(0, 200)));
    }

    @Test
    void aKeptPayloadIsNotOverwrittenByLaterInput() {
        // A one-chunk message is a slice of the read buffer; later reads must not reuse its memory.
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(ChunkLimits.DEFAULTS));
        try {
            channel.writeInbound(buffer("04 000000 000004 08 01000000 aabbccdd  04"));   // plus one byte more
            RawMessage kept = channel.readInbound();
            for (int i = 0; i < 40; i++) {
                channel.writeInbound(buffer("000000 000004 08 01000000 11223344  04"));
                RawMessage next = channel.readInbound();
                next.release();
            }
            assertThat(HexFormat.of().formatHex(ByteBufUtil.getBytes(kept.payload()))).isEqualTo("aabbccdd");
            kept.release();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void zeroLengthMessage() {
        assertThat(decode("03 000000 000000 14 00000000"))
                .containsExactly(new Message(3, 20, 0, 0, ""));
    }

    // ---- timestamps ---------------------------------------------------------------------------

    @Test
    void extendedTimestampOnType0AndOnEveryContinuation() {
        assertThat(decode(
                "06 ffffff 0000c8 09 01000000 01000000" + body(0, 128)   // ts field ffffff, extended 2^24
                + "c6 01000000" + body(128, 72)))                        // continuation repeats it
                .containsExactly(new Message(6, 9, 0x01000000L, 1, body(0, 200)));
    }

    @Test
    void continuationWithoutTheExtendedTimestampIsTolerated() {
        // Some encoders leave the extended timestamp off type 3 continuations; the next four bytes
        // (80818283) are then payload, not a timestamp.
        assertThat(decode(
                "06 ffffff 0000c8 09 01000000 01000000" + body(0, 128)
                + "c6" + body(128, 72)))
                .containsExactly(new Message(6, 9, 0x01000000L, 1, body(0, 200)));
    }

    @Test
    void extendedTimestampOnType3StartingANewMessage() {
        assertThat(decode("""
                06 ffffff 000001 09 01000000 01000000  aa   // fmt 0: extended ts 2^24
                c6                           01000000  bb   // fmt 3, new message: delta 2^24 again
                86 ffffff                    00000010  cc   // fmt 2: extended delta 16
                c6                           00000010  dd   // fmt 3, new message: delta 16
                """)).extracting(Message::timestamp)
                .containsExactly(0x01000000L, 0x02000000L, 0x02000010L, 0x02000020L);
    }

    @Test
    void extendedDeltaOnType1() {
        assertThat(decode("""
                06 000064 000001 09 01000000           aa   // fmt 0: ts 100
                46 ffffff 000001 09          01000000  bb   // fmt 1: extended delta 2^24
                """)).extracting(Message::timestamp).containsExactly(100L, 100L + 0x01000000L);
    }

    @Test
    void deltasWrapAt32Bits() {
        assertThat(decode("""
                06 ffffff 000001 09 01000000 fffffff0  aa   // fmt 0: extended ts 2^32 - 16
                86 000020                              bb   // fmt 2: delta 32
                """)).extracting(Message::timestamp).containsExactly(0xFFFFFFF0L, 0x10L);
    }

    // ---- abort --------------------------------------------------------------------------------

    @Test
    void abortDiscardsThePartialMessage() {
        assertThat(decode(
                "06 000000 00012c 09 01000000" + body(0, 128)    // 300-byte video, first chunk only
                + "02 000000 000004 02 00000000 00000006"        // Abort, chunk stream 6
                + "06 000028 000002 09 01000000 1727"))          // a new whole message on csid 6
                .containsExactly(new Message(6, 9, 40, 1, "1727"));
    }

    @Test
    void abortReturnsTheDiscardedBytesToThePendingBudget() {
        // 300 pending bytes allowed: two aborted 256-byte partials would exceed it if not given back.
        String partialThenAbort = "03 000000 0003e8 09 01000000" + body(0, 128)
                + "c3" + body(128, 128)
                + "02 000000 000004 02 00000000 00000003";
        assertThat(decode(TIGHT, partialThenAbort + partialThenAbort + "03 000000 000001 09 01000000 aa"))
                .containsExactly(new Message(3, 9, 0, 1, "aa"));
    }

    // ---- limits -------------------------------------------------------------------------------

    @Test
    void setChunkSizeZeroIsRefused() {
        assertFailure(ChunkLimits.DEFAULTS, "02 000000 000004 01 00000000 00000000", "chunk_size");
    }

    @Test
    void setChunkSizeAboveTheLimitIsRefused() {
        assertFailure(ChunkLimits.DEFAULTS, "02 000000 000004 01 00000000 01000001", "chunk_size");
        assertFailure(ChunkLimits.DEFAULTS, "02 000000 000004 01 00000000 80000000", "chunk_size");
    }

    @Test
    void setChunkSizeAtTheLimitIsAccepted() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(ChunkLimits.DEFAULTS));
        try {
            channel.writeInbound(buffer("02 000000 000004 01 00000000 01000000"));
            assertThat(channel.pipeline().get(ChunkDecoder.class).chunkSize()).isEqualTo(1 << 24);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void shortSetChunkSizeIsRefused() {
        assertFailure(ChunkLimits.DEFAULTS, "02 000000 000002 01 00000000 0100", "chunk_size");
    }

    @Test
    void messageLongerThanTheLimitIsRefusedFromItsHeader() {
        // Length 1001 against a limit of 1000: refused before any payload arrives.
        assertFailure(TIGHT, "06 000000 0003e9 09 01000000", "message_size");
    }

    @Test
    void compressedHeaderOnAnUnknownChunkStreamIsRefused() {
        assertFailure(ChunkLimits.DEFAULTS, "47 000000 000004 08", "chunk_header");   // fmt 1, csid 7
        assertFailure(ChunkLimits.DEFAULTS, "87 000000", "chunk_header");             // fmt 2, csid 7
        assertFailure(ChunkLimits.DEFAULTS, "c7 aabbccdd", "chunk_header");          // fmt 3, csid 7
    }

    @Test
    void newHeaderInsideAnUnfinishedMessageIsRefused() {
        assertFailure(ChunkLimits.DEFAULTS,
                "06 000000 0000c8 09 01000000" + body(0, 128) + "86 000014" + body(0, 72), "chunk_header");
    }

    @Test
    void moreChunkStreamsThanAllowedAreRefused() {
        assertFailure(TIGHT, """
                03 000000 000000 09 01000000
                04 000000 000000 09 01000000
                05 000000 000000 09 01000000
                06 000000 000000 09 01000000
                07 000000 000000 09 01000000   // the fifth chunk stream, limit 4
                """, "chunk_streams", 4);
    }

    @Test
    void partlyReceivedMessagesPastThePendingLimitAreRefused() {
        // Two 1000-byte messages started on two chunk streams hold 256 bytes; the next chunk of
        // either would make 384, past the limit of 300.
        assertFailure(TIGHT,
                "03 000000 0003e8 09 01000000" + body(0, 128)
                + "04 000000 0003e8 09 01000000" + body(0, 128)
                + "c3" + body(128, 128), "pending_bytes");
    }

    @Test
    void messagesBeforeTheFailureAreStillDelivered() {
        assertFailure(ChunkLimits.DEFAULTS, """
                04 000000 000001 08 01000000 aa      // a good audio message
                c7 bb                                // fmt 3 on the unknown csid 7
                """, "chunk_header", 1);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static List<Message> decode(String table) {
        return decode(ChunkLimits.DEFAULTS, table);
    }

    /**
     * Decodes {@code table} whole, byte by byte and in random pieces, checks the three agree, and
     * returns the messages.
     */
    private static List<Message> decode(ChunkLimits limits, String table) {
        byte[] bytes = bytes(table);
        List<Message> whole = decodePieces(limits, bytes, new int[] {bytes.length});
        int[] ones = new int[bytes.length];
        Arrays.fill(ones, 1);
        assertThat(decodePieces(limits, bytes, ones)).as("byte by byte").isEqualTo(whole);
        Random random = new Random(bytes.length);
        for (int round = 0; round < 5; round++) {
            assertThat(decodePieces(limits, bytes, randomPieces(random, bytes.length)))
                    .as("random pieces, round %d", round).isEqualTo(whole);
        }
        return whole;
    }

    private static List<Message> decodePieces(ChunkLimits limits, byte[] bytes, int[] pieces) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(limits));
        List<Message> messages = new ArrayList<>();
        try {
            int at = 0;
            for (int piece : pieces) {
                channel.writeInbound(Unpooled.copiedBuffer(bytes, at, piece));
                at += piece;
                drain(channel, messages);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return messages;
    }

    private static int[] randomPieces(Random random, int length) {
        List<Integer> pieces = new ArrayList<>();
        for (int left = length; left > 0; ) {
            int piece = Math.min(left, 1 + random.nextInt(40));
            pieces.add(piece);
            left -= piece;
        }
        return pieces.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void assertFailure(ChunkLimits limits, String table, String reason) {
        assertFailure(limits, table, reason, 0);
    }

    /**
     * Feeds {@code table} whole and byte by byte: both must fail with {@code reason} after
     * delivering {@code messagesBefore} messages, then swallow further input.
     */
    private static void assertFailure(ChunkLimits limits, String table, String reason, int messagesBefore) {
        byte[] bytes = bytes(table);
        for (boolean byteByByte : new boolean[] {false, true}) {
            EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(limits));
            List<Message> delivered = new ArrayList<>();
            try {
                Throwable failure = null;
                for (int at = 0; at < bytes.length && failure == null; ) {
                    int piece = byteByByte ? 1 : bytes.length;
                    ByteBuf in = Unpooled.copiedBuffer(bytes, at, piece);
                    at += piece;
                    failure = catchThrowable(() -> channel.writeInbound(in));
                    drain(channel, delivered);
                }
                assertThat(failure).as("failure (byte by byte: %s)", byteByByte).isNotNull();
                assertThat(failure.getCause()).isInstanceOf(RtmpProtocolException.class);
                assertThat(((RtmpProtocolException) failure.getCause()).reason()).isEqualTo(reason);
                assertThat(delivered).hasSize(messagesBefore);

                // A failed decoder swallows everything that follows, valid or not.
                channel.writeInbound(buffer("04 000000 000001 08 01000000 aa  02 000000 000004 01 00000000 00000000"));
                assertThat(channel.<Object>readInbound()).isNull();
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    private static void drain(EmbeddedChannel channel, List<Message> into) {
        for (RawMessage raw; (raw = channel.readInbound()) != null; ) {
            try {
                into.add(new Message(raw.chunkStreamId(), raw.typeId(), raw.timestamp(), raw.messageStreamId(),
                        HexFormat.of().formatHex(ByteBufUtil.getBytes(raw.payload()))));
            } finally {
                raw.release();
            }
        }
    }

    /** Hex of {@code length} payload bytes counting up from {@code from} (mod 256). */
    private static String body(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return HexFormat.of().formatHex(bytes);
    }

    /** Parses a table: hex digits in groups, with "//" starting a comment up to the end of the line. */
    private static byte[] bytes(String table) {
        StringBuilder hex = new StringBuilder();
        for (String line : table.split("\n")) {
            int comment = line.indexOf("//");
            hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(hex);
    }

    private static ByteBuf buffer(String table) {
        return Unpooled.wrappedBuffer(bytes(table));
    }
}
