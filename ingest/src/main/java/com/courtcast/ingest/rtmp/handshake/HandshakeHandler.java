package com.courtcast.ingest.rtmp.handshake;

import com.courtcast.ingest.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the RTMP handshake (RTMP spec 5.2): reads C0+C1, answers S0+S1+S2 at once,
 * reads C2, then removes itself and hands any bytes that followed C2 to the chunk decoder.
 *
 * <p>This is the plain handshake: S1 carries zero in its version field, which tells FFmpeg, OBS
 * (librtmp) and hardware encoders not to expect the digest ("complex") handshake that only Flash
 * Player playback needed. S2 echoes C1 and C2 is not checked, as encoders fill it differently.
 * A peer that does not finish within the timeout is closed.
 */
public final class HandshakeHandler extends ByteToMessageDecoder {

    private enum State { AWAIT_C0_C1, AWAIT_C2, DONE, FAILED }

    public static final int RTMP_VERSION = 3;
    static final int PACKET_SIZE = 1536;

    private final Duration timeout;
    private final Runnable onComplete;
    private State state = State.AWAIT_C0_C1;
    private ScheduledFuture<?> timeoutTask;

    /**
     * @param timeout how long a peer has to complete the handshake
     * @param onComplete called on the event loop once the handshake is complete
     */
    public HandshakeHandler(Duration timeout, Runnable onComplete) {
        this.timeout = timeout;
        this.onComplete = onComplete;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            scheduleTimeout(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        scheduleTimeout(ctx);
        super.channelActive(ctx);
    }

    private void scheduleTimeout(ChannelHandlerContext ctx) {
        if (timeoutTask == null) {
            timeoutTask = ctx.executor().schedule(() -> {
                if (state == State.AWAIT_C0_C1 || state == State.AWAIT_C2) {
                    state = State.FAILED;
                    ctx.fireExceptionCaught(new RtmpProtocolException("handshake_timeout",
                            "handshake not completed within " + timeout.toMillis() + " ms"));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case AWAIT_C0_C1 -> {
                if (in.readableBytes() < 1 + PACKET_SIZE) {
                    if (in.readableBytes() >= 1) {
                        checkVersion(in.getUnsignedByte(in.readerIndex()));
                    }
                    return;
                }
                checkVersion(in.readUnsignedByte());
                ByteBuf c1 = in.readSlice(PACKET_SIZE);
                ctx.writeAndFlush(serverReply(ctx, c1));
                state = State.AWAIT_C2;
                decode(ctx, in, out);
            }
            case AWAIT_C2 -> {
                if (in.readableBytes() < PACKET_SIZE) {
                    return;
                }
                in.skipBytes(PACKET_SIZE);
                state = State.DONE;
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                }
                // Removing a ByteToMessageDecoder forwards what is left of its buffer downstream.
                ctx.pipeline().remove(this);
                onComplete.run();
            }
            case DONE -> out.add(in.readRetainedSlice(in.readableBytes()));
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    private void checkVersion(int version) {
        if (version != RTMP_VERSION) {
            state = State.FAILED;
            throw new RtmpProtocolException("handshake", version == 6 || version == 8
                    ? "encrypted RTMP (RTMPE, version " + version + ") is not supported; use plain RTMP"
                    : "handshake version " + version + " is not RTMP version 3");
        }
    }

    private static ByteBuf serverReply(ChannelHandlerContext ctx, ByteBuf c1) {
        ByteBuf reply = ctx.alloc().ioBuffer(1 + 2 * PACKET_SIZE);
        reply.writeByte(RTMP_VERSION);
        // S1: time, zero version (selects the plain handshake), random bytes.
        reply.writeInt((int) (System.currentTimeMillis() & 0xFFFFFFFFL));
        reply.writeInt(0);
        byte[] random = new byte[PACKET_SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        reply.writeBytes(random);
        // S2: the echo of C1.
        reply.writeBytes(c1, c1.readerIndex(), PACKET_SIZE);
        return reply;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
    }
}
