package com.courtcast.ingest.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.courtcast.ingest.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plain RTMP handshake (RTMP spec 5.2) as FFmpeg and OBS perform it, and what we refuse. */
class HandshakeHandlerTest {

    private static final int PACKET = 1536;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AtomicInteger completions = new AtomicInteger();
    private EmbeddedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = new EmbeddedChannel(new HandshakeHandler(TIMEOUT, completions::incrementAndGet));
    }

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void answersC0C1InOneWriteWithS0S1S2() {
        byte[] c1 = packet(1);

        channel.writeInbound(buffer(concat(new byte[] {3}, c1)));

        assertServerReply(c1);
        assertThat(channel.pipeline().get(HandshakeHandler.class)).isNotNull();
        assertThat(completions).hasValue(0);
    }

    @Test
    void answersC0C1ArrivingByteByByte() {
        byte[] c0c1 = concat(new byte[] {3}, packet(2));

        for (int i = 0; i < c0c1.length - 1; i++) {
            channel.writeInbound(buffer(new byte[] {c0c1[i]}));
            assertThat(channel.<Object>readOutbound()).as("reply after %d bytes", i + 1).isNull();
        }
        channel.writeInbound(buffer(new byte[] {c0c1[c0c1.length - 1]}));

        assertServerReply(Arrays.copyOfRange(c0c1, 1, c0c1.length));
    }

    @Test
    void removesItselfAfterC2AndPassesOnTheBytesThatFollowedIt() {
        byte[] c1 = packet(3);
        byte[] firstChunk = hex("03 000000 000019 14 00000000 02 0007 636f6e6e656374"); // a connect's first bytes
        channel.writeInbound(buffer(concat(new byte[] {3}, c1)));
        releaseAll(channel);

        // C2 and the start of the chunk stream in one TCP segment, as FFmpeg sends them.
        channel.writeInbound(buffer(concat(packet(4), firstChunk)));

        assertThat(channel.pipeline().get(HandshakeHandler.class)).isNull();
        assertThat(completions).hasValue(1);
        assertThat(readInboundBytes()).isEqualTo(firstChunk);

        byte[] later = hex("c3 0102030405");
        channel.writeInbound(buffer(later));
        assertThat(readInboundBytes()).as("bytes after the handshake pass straight through").isEqualTo(later);
    }

    @Test
    void wholeHandshakeInOneBufferStillForwardsTheTrailingBytes() {
        byte[] c1 = packet(5);
        byte[] trailer = hex("02 000000 000004 05 00000000 00001000"); // Window Ack Size 4096

        channel.writeInbound(buffer(concat(new byte[] {3}, c1, packet(6), trailer)));

        assertServerReply(c1);
        assertThat(channel.pipeline().get(HandshakeHandler.class)).isNull();
        assertThat(readInboundBytes()).isEqualTo(trailer);
    }

    @Test
    void c2ByteByByteCompletesOnlyOnItsLastByte() {
        channel.writeInbound(buffer(concat(new byte[] {3}, packet(7))));
        releaseAll(channel);
        byte[] c2 = packet(8);

        for (int i = 0; i < c2.length - 1; i++) {
            channel.writeInbound(buffer(new byte[] {c2[i]}));
        }
        assertThat(completions).hasValue(0);
        channel.writeInbound(buffer(new byte[] {c2[c2.length - 1]}));

        assertThat(completions).hasValue(1);
        assertThat(channel.pipeline().get(HandshakeHandler.class)).isNull();
        assertThat(channel.<Object>readInbound()).isNull();
    }

    @Test
    void refusesEncryptedRtmpVersion6() {
        Throwable failure = catchThrowable(() -> channel.writeInbound(buffer(concat(new byte[] {6}, packet(9)))));

        assertThat(protocolFailure(failure).reason()).isEqualTo("handshake");
        assertThat(protocolFailure(failure).getMessage()).contains("RTMPE");
        assertNothingForwarded();
    }

    @Test
    void refusesAnHttpClientOnItsFirstByte() {
        // 'G' of "GET / HTTP/1.1": refused at once, without waiting for 1537 bytes.
        byte[] request = "GET / HTTP/1.1\r\nHost: ingest\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        Throwable failure = catchThrowable(() -> channel.writeInbound(buffer(request)));

        assertThat(protocolFailure(failure).reason()).isEqualTo("handshake");
        assertThat(protocolFailure(failure).getMessage()).contains("version 71");
        assertNothingForwarded();

        // Whatever else the client sends is swallowed.
        channel.writeInbound(buffer(concat(new byte[] {3}, packet(10))));
        assertNothingForwarded();
    }

    @Test
    void failsAPeerThatSendsNothingWithinTheTimeout() {
        channel.freezeTime();
        channel.advanceTimeBy(TIMEOUT.toMillis() - 1_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.checkException();

        channel.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        Throwable failure = catchThrowable(channel::checkException);
        assertThat(protocolFailure(failure).reason()).isEqualTo("handshake_timeout");
        assertThat(completions).hasValue(0);
    }

    @Test
    void failsAPeerThatStopsBeforeC2() {
        channel.writeInbound(buffer(concat(new byte[] {3}, packet(11))));
        releaseAll(channel);
        channel.writeInbound(buffer(new byte[100]));

        channel.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        Throwable failure = catchThrowable(channel::checkException);
        assertThat(protocolFailure(failure).reason()).isEqualTo("handshake_timeout");
    }

    @Test
    void timeoutIsCancelledOnceTheHandshakeCompletes() {
        channel.writeInbound(buffer(concat(new byte[] {3}, packet(12), packet(13))));
        releaseAll(channel);

        channel.advanceTimeBy(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        channel.checkException();
        assertThat(completions).hasValue(1);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void assertServerReply(byte[] c1) {
        ByteBuf reply = channel.readOutbound();
        try {
            assertThat(reply.readableBytes()).isEqualTo(1 + 2 * PACKET);
            assertThat(reply.getByte(0)).as("S0 version").isEqualTo((byte) 3);
            // S1: time (4 bytes), then zero (4 bytes) which selects the plain handshake.
            assertThat(ByteBufUtil.getBytes(reply, 1 + 4, 4)).as("S1 zero field").containsOnly(0);
            assertThat(ByteBufUtil.getBytes(reply, 1 + PACKET, PACKET)).as("S2 echoes C1").isEqualTo(c1);
        } finally {
            reply.release();
        }
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    private void assertNothingForwarded() {
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(completions).hasValue(0);
    }

    private byte[] readInboundBytes() {
        ByteBuf all = Unpooled.buffer();
        try {
            for (ByteBuf part; (part = channel.readInbound()) != null; ) {
                all.writeBytes(part);
                part.release();
            }
            return ByteBufUtil.getBytes(all);
        } finally {
            all.release();
        }
    }

    private static void releaseAll(EmbeddedChannel channel) {
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            out.release();
        }
    }

    private static RtmpProtocolException protocolFailure(Throwable thrown) {
        assertThat(thrown).isNotNull();
        Throwable cause = thrown instanceof RtmpProtocolException ? thrown : thrown.getCause();
        assertThat(cause).isInstanceOf(RtmpProtocolException.class);
        return (RtmpProtocolException) cause;
    }

    private static byte[] packet(long seed) {
        byte[] bytes = new byte[PACKET];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static ByteBuf buffer(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }
}
