package com.courtcast.ingest;

import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import com.courtcast.ingest.rtmp.chunk.ChunkDecoder;
import com.courtcast.ingest.rtmp.chunk.ChunkEncoder;
import com.courtcast.ingest.rtmp.chunk.ChunkLimits;
import com.courtcast.ingest.rtmp.chunk.RawMessage;
import com.courtcast.ingest.rtmp.message.MessageDecoder;
import com.courtcast.ingest.rtmp.message.MessageEncoder;
import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A minimal blocking RTMP publisher for tests: a plain TCP socket, the plain handshake, and the
 * ingest's own chunk and message codecs run in {@link EmbeddedChannel}s to frame what it sends
 * and reads.
 *
 * <p>Inbound bytes are fed to the chunk decoder one at a time, so each message is seen with the
 * chunk size in force when it arrived: that is how a test sees a Set Chunk Size, which the chunk
 * decoder applies and does not pass on.
 */
public final class RtmpTestClient implements AutoCloseable {

    /** A message from the server and the server's chunk size when it arrived. */
    public record Received(RtmpMessage message, int chunkSize) {}

    private static final int PACKET = 1536;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder(), new MessageEncoder());
    private final ChunkDecoder chunkDecoder = new ChunkDecoder(ChunkLimits.DEFAULTS);
    private final Queue<Received> received = new ArrayDeque<>();
    private final EmbeddedChannel messageDecoder =
            new EmbeddedChannel(new MessageDecoder(new Amf0Decoder(AmfLimits.DEFAULTS)));
    private final EmbeddedChannel decoder = new EmbeddedChannel(chunkDecoder, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            int chunkSize = chunkDecoder.chunkSize();
            messageDecoder.writeInbound((RawMessage) msg);
            for (RtmpMessage message; (message = messageDecoder.readInbound()) != null; ) {
                received.add(new Received(message, chunkSize));
            }
        }
    });

    private RtmpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection; reads time out after {@code readTimeout}. */
    public static RtmpTestClient open(InetSocketAddress server, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.connect(server, (int) readTimeout.toMillis());
            return new RtmpTestClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public Socket socket() {
        return socket;
    }

    /** The plain handshake: C0+C1, then S0+S1+S2 checked, then C2. */
    public void handshake() throws IOException {
        byte[] c1 = new byte[PACKET];
        new Random(socket.getLocalPort()).nextBytes(c1);
        Arrays.fill(c1, 0, 8, (byte) 0);   // time 0, version zero: the plain handshake
        byte[] c0c1 = new byte[1 + PACKET];
        c0c1[0] = 3;
        System.arraycopy(c1, 0, c0c1, 1, PACKET);
        sendRaw(c0c1);
        byte[] reply = in.readNBytes(1 + 2 * PACKET);
        if (reply.length < 1 + 2 * PACKET) {
            throw new EOFException("handshake reply cut short after " + reply.length + " bytes");
        }
        if (reply[0] != 3) {
            throw new IOException("S0 is version " + reply[0]);
        }
        if (!Arrays.equals(reply, 1 + PACKET, 1 + 2 * PACKET, c1, 0, PACKET)) {
            throw new IOException("S2 does not echo C1");
        }
        sendRaw(Arrays.copyOfRange(reply, 1, 1 + PACKET));   // C2 echoes S1
    }

    /** Handshake and {@code connect} to {@code app}; returns the server's answer to it. */
    public RtmpMessage.Command connect(String app) throws IOException {
        handshake();
        send(connectCommand(app, socket.getPort()));
        return readCommand(c -> c.name().equals("_result") || c.name().equals("_error"));
    }

    /** Handshake, connect, createStream and publish {@code streamKey}; returns the publish onStatus. */
    public RtmpMessage.Command publish(String app, String streamKey) throws IOException {
        RtmpMessage.Command connected = connect(app);
        if (!connected.name().equals("_result")) {
            throw new IOException("connect refused: " + connected);
        }
        send(new RtmpMessage.Command(0, "releaseStream", 2, null, List.of(streamKey)),
                new RtmpMessage.Command(0, "FCPublish", 3, null, List.of(streamKey)),
                new RtmpMessage.Command(0, "createStream", 4, null, List.of()));
        RtmpMessage.Command created = readCommand(c -> c.transactionId() == 4);
        int streamId = ((Number) created.argument(0)).intValue();
        send(new RtmpMessage.Command(streamId, "publish", 5, null, List.of(streamKey, "live")));
        return readCommand(c -> c.name().equals("onStatus"));
    }

    /** FFmpeg's connect command object. */
    public static RtmpMessage.Command connectCommand(String app, int port) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("app", app);
        properties.put("type", "nonprivate");
        properties.put("flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)");
        properties.put("tcUrl", "rtmp://127.0.0.1:" + port + "/" + app);
        return new RtmpMessage.Command(0, "connect", 1, properties, List.of());
    }

    public void send(RtmpMessage... messages) throws IOException {
        sendRaw(encode(messages));
    }

    /** The chunked bytes of {@code messages} at this client's current outgoing chunk size. */
    public byte[] encode(RtmpMessage... messages) {
        ByteBuf bytes = Unpooled.buffer();
        try {
            for (RtmpMessage message : messages) {
                encoder.writeOutbound(message);
                for (ByteBuf chunk; (chunk = encoder.readOutbound()) != null; ) {
                    bytes.writeBytes(chunk);
                    chunk.release();
                }
            }
            return ByteBufUtil.getBytes(bytes);
        } finally {
            bytes.release();
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message from the server; fails on timeout or end of stream. */
    public Received read() throws IOException {
        byte[] buffer = new byte[8192];
        while (received.isEmpty()) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            for (int i = 0; i < n; i++) {
                decoder.writeInbound(Unpooled.copiedBuffer(buffer, i, 1));
            }
        }
        return received.poll();
    }

    /** Reads, skipping other messages, until a command matching {@code wanted}. */
    public RtmpMessage.Command readCommand(Predicate<RtmpMessage.Command> wanted) throws IOException {
        while (true) {
            if (read().message() instanceof RtmpMessage.Command command && wanted.test(command)) {
                return command;
            }
        }
    }

    /**
     * Reads and discards until the server closes the connection; true if it did within
     * {@code timeout}, false if it was still open.
     */
    public boolean awaitServerClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        int previousTimeout = socket.getSoTimeout();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (SocketException e) {
                    return true;   // reset by the server
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previousTimeout);
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Received message; (message = received.poll()) != null; ) {
            if (message.message() instanceof RtmpMessage.Media media) {
                media.payload().release();
            }
        }
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
        messageDecoder.finishAndReleaseAll();
    }
}
