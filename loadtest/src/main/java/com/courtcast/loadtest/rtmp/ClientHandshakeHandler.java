package com.courtcast.loadtest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the plain RTMP handshake (RTMP spec 5.2): sends C0+C1 when connected, reads
 * S0+S1+S2, answers C2 as the echo of S1, then fires {@link #COMPLETE} and removes itself, handing
 * any bytes that followed S2 to the chunk decoder.
 *
 * <p>C1 carries zero in its version field, which asks the server for the plain handshake (no
 * digest); nginx-rtmp and CourtCast both accept it, as they do from OBS and hardware encoders.
 */
final class ClientHandshakeHandler extends ByteToMessageDecoder {

    /** The user event fired once the handshake is done and RTMP messages may flow. */
    static final Object COMPLETE = new Object() {
        @Override
        public String toString() {
            return "RTMP handshake complete";
        }
    };

    private static final int RTMP_VERSION = 3;
    private static final int PACKET_SIZE = 1536;

    private enum State { AWAIT_S0_S1_S2, DONE }

    private State state = State.AWAIT_S0_S1_S2;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf c0c1 = ctx.alloc().buffer(1 + PACKET_SIZE);
        c0c1.writeByte(RTMP_VERSION);
        c0c1.writeInt((int) System.currentTimeMillis());
        c0c1.writeInt(0);
        byte[] random = new byte[PACKET_SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        c0c1.writeBytes(random);
        ctx.writeAndFlush(c0c1);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.DONE) {
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        if (in.readableBytes() < 1 + 2 * PACKET_SIZE) {
            return;
        }
        int version = in.readUnsignedByte();
        if (version != RTMP_VERSION) {
            throw new DecoderException("server answered handshake version " + version + ", not 3");
        }
        ByteBuf s1 = in.readSlice(PACKET_SIZE);
        ctx.writeAndFlush(s1.retainedDuplicate()); // C2 echoes S1
        in.skipBytes(PACKET_SIZE); // S2 (the echo of C1) is not checked, as servers fill it differently
        state = State.DONE;
        ctx.fireUserEventTriggered(COMPLETE);
        ctx.pipeline().remove(this);
    }
}
