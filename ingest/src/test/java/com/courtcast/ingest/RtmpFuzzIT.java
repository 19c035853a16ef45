package com.courtcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.courtcast.common.config.Settings;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.rtmp.amf.EcmaArray;
import com.courtcast.ingest.rtmp.chunk.ChunkEncoder;
import com.courtcast.ingest.rtmp.chunk.RawMessage;
import com.courtcast.ingest.rtmp.message.MessageEncoder;
import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Thousands of hostile connections against a real ingest, then a real encoder.
 *
 * <p>With a fixed seed, each connection sends one of: random bytes; a valid handshake and random
 * bytes; a valid handshake, connect and publish followed by a mutated chunk stream (bit flips,
 * truncation, huge message lengths, chunk sizes 0 and 2^31, type 3 chunks on unknown chunk
 * streams, deeply nested AMF, too many chunk streams, aborts); or such a publish prefix mutated
 * itself. Afterwards the server must have closed everything without an escaped exception or a
 * leaked buffer, and FFmpeg must still be able to publish.
 *
 * <p>A failure names the connections by index; {@code -Drtmp.fuzz.only=INDEX} replays just one.
 */
@ExtendWith(NettyLeakCheck.class)
class RtmpFuzzIT {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(RtmpFuzzIT.class);

    private static final long SEED = 0x0C0_47CA57L;
    private static final int CONNECTIONS = 3_000;
    /** One seed per connection, so what each sends does not depend on thread timing. */
    private static final long[] SEEDS = new Random(SEED).longs(CONNECTIONS).toArray();
    private static final int IN_FLIGHT = 32;
    private static final String KEY = "fuzz-key-0123456789abcdef";
    private static final String NAME = "court1";
    /** How long a connection may stay quiet before the client half-closes it. */
    private static final int QUIET_MILLIS = 200;
    private static final Duration MAX_CONNECTION_TIME = Duration.ofSeconds(8);

    private enum Scenario { RANDOM_BYTES, HANDSHAKE_THEN_RANDOM, PUBLISH_THEN_MUTATED, MUTATED_PUBLISH }

    private enum Ending {
        /** The server closed (or reset) the connection on its own. */
        SERVER_CLOSED,
        /** The server waited for more bytes and closed once the client half-closed. */
        CLOSED_AFTER_CLIENT_EOF,
        /** Still open after the client half-closed: a failure. */
        STUCK
    }

    /** How one connection went; {@code sendMillis} is -1 when the server closed it while the client was sending. */
    private record Outcome(int index, Scenario scenario, Ending ending, long millis, long sendMillis, int bytes,
                           String prefixFailure) {}

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(meters);
    private final List<ILoggingEvent> warnings = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> warningCollector = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                warnings.add(event);
            }
        }
    };
    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger sessionLogger = (Logger) LoggerFactory.getLogger("com.courtcast.ingest.rtmp.session");
    private LiveStreamRegistry registry;
    private RtmpServer server;
    private InetSocketAddress address;

    @BeforeEach
    void startServer() throws InterruptedException {
        warningCollector.start();
        rootLogger.addAppender(warningCollector);
        IngestConfig config = IngestConfig.from(Settings.empty()
                .override("ingest.port", 0)
                .override("ingest.bindHost", "127.0.0.1")
                // Short, so half-done handshakes end quickly, yet well above what a valid one takes on a
                // loaded 2-core machine (1 s cut valid publishes off while other builds ran).
                .override("ingest.handshakeTimeout", "2500ms"));
        registry = new LiveStreamRegistry(config.takeoverPolicy(), config.fanOutLimits(), Runnable::run, metrics,
                Clock.systemUTC());
        server = new RtmpServer(config, new StaticKeyAuthorizer(Map.of(KEY, NAME)), registry, metrics);
        address = server.start();
    }

    @AfterEach
    void stopServer() {
        sessionLogger.setLevel(null);
        if (server != null) {
            server.close();
        }
        rootLogger.detachAppender(warningCollector);
        warningCollector.stop();
    }

    @Test
    void hostileConnectionsLeaveTheServerHealthyForARealEncoder() throws Exception {
        // Thousands of "closed after" lines would drown the report; warnings still get through.
        sessionLogger.setLevel(Level.WARN);
        long started = System.nanoTime();
        List<Outcome> outcomes = runAll();
        sessionLogger.setLevel(null);
        log.info("fuzz: {} connections in {} ms; {}; rejects {}", outcomes.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), summary(outcomes), rejectsByReason());

        assertThat(outcomes).filteredOn(o -> o.ending() == Ending.STUCK).as("connections the server kept open")
                .isEmpty();
        assertThat(outcomes).filteredOn(o -> o.millis() > MAX_CONNECTION_TIME.toMillis()).isEmpty();
        assertThat(outcomes).filteredOn(o -> o.prefixFailure() != null).as("valid publish prefixes that failed")
                .isEmpty();
        awaitTrue("all connections closed", Duration.ofSeconds(10), () -> connections() == 0);
        assertThat(registry.statuses()).as("streams left behind by closed publishers").isEmpty();
        assertThat(rejects("internal_error")).as("exceptions that escaped the protocol handling").isZero();
        assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage).as("warnings and errors logged").isEmpty();
        NettyLeakCheck.assertNoLeaks();

        // A real encoder still gets through.
        ffmpegPublishes();
        awaitTrue("ffmpeg's connection closed", Duration.ofSeconds(10), () -> connections() == 0);
        assertThat(rejects("internal_error")).isZero();
        assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    // ---- the hostile connections --------------------------------------------------------------

    private List<Outcome> runAll() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            String only = System.getProperty("rtmp.fuzz.only");
            for (int i = 0; i < CONNECTIONS; i++) {
                int index = i;
                if (only != null && index != Integer.parseInt(only)) {
                    continue;
                }
                futures.add(pool.submit(() -> runOne(index)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome runOne(int index) throws IOException {
        Random random = new Random(SEEDS[index]);
        Scenario scenario = Scenario.values()[random.nextInt(Scenario.values().length)];
        long start = System.nanoTime();
        String prefixFailure = null;
        Ending ending;
        long sent = 0;
        int bytes = 0;
        try (RtmpTestClient client = RtmpTestClient.open(address, Duration.ofSeconds(5))) {
            try {
                switch (scenario) {
                    case RANDOM_BYTES -> client.sendRaw(randomBytes(random, random.nextBoolean()));
                    case HANDSHAKE_THEN_RANDOM -> {
                        client.handshake();
                        client.sendRaw(randomBytes(random, false));
                    }
                    case PUBLISH_THEN_MUTATED -> {
                        try {
                            RtmpMessage.Command status = client.publish("live", KEY);
                            if (!(status.argument(0) instanceof Map<?, ?> info
                                    && "NetStream.Publish.Start".equals(info.get("code")))) {
                                prefixFailure = status.toString();
                            }
                        } catch (IOException e) {
                            prefixFailure = e.toString();
                        }
                        byte[] stream = mutate(random, mediaStream(random));
                        bytes = stream.length;
                        client.sendRaw(stream);
                    }
                    case MUTATED_PUBLISH -> {
                        byte[] handshake = new byte[1 + 2 * 1536];
                        random.nextBytes(handshake);
                        handshake[0] = 3;
                        byte[] commands = client.encode(
                                RtmpTestClient.connectCommand("live", address.getPort()),
                                new RtmpMessage.Command(0, "createStream", 2, null, List.of()),
                                new RtmpMessage.Command(1, "publish", 3, null, List.of(KEY, "live")));
                        client.sendRaw(concat(handshake, mutate(random, concat(commands, mediaStream(random)))));
                    }
                }
                sent = System.nanoTime();
                ending = awaitEnd(client.socket());
            } catch (IOException e) {
                ending = Ending.SERVER_CLOSED;   // reset or broken pipe while sending
            }
        }
        return new Outcome(index, scenario, ending, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                sent == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(sent - start), bytes, prefixFailure);
    }

    /** Reads until the server closes; if it goes quiet first, half-closes and waits for the server to follow. */
    private static Ending awaitEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16 * 1024];
        socket.setSoTimeout(QUIET_MILLIS);
        try {
            while (in.read(buffer) >= 0) {
                // discard replies
            }
            return Ending.SERVER_CLOSED;
        } catch (SocketTimeoutException quiet) {
            socket.shutdownOutput();
        }
        socket.setSoTimeout(3_000);
        try {
            while (in.read(buffer) >= 0) {
                // discard replies
            }
            return Ending.CLOSED_AFTER_CLIENT_EOF;
        } catch (SocketTimeoutException stuck) {
            return Ending.STUCK;
        }
    }

    private static byte[] randomBytes(Random random, boolean rtmpVersionFirst) {
        byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 64 : 6_000)];
        random.nextBytes(bytes);
        if (rtmpVersionFirst && bytes.length > 0) {
            bytes[0] = 3;
        }
        return bytes;
    }

    /**
     * A plausible publisher's stream after publish: Set Chunk Size, metadata, audio and video
     * (some with extended timestamps), aggregates, control messages and stray commands.
     */
    private static byte[] mediaStream(Random random) {
        EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder(), new MessageEncoder());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int[] chunkSizes = {128, 1, 64, 4096, 60_000, 1 << 16};
            int chunkSize = chunkSizes[random.nextInt(chunkSizes.length)];
            // Tiny chunks make many chunks; paranoid leak tracking makes each one slow, so keep those short.
            int maxBody = chunkSize < 128 ? 400 : random.nextInt(8) == 0 ? 40_000 : 1_500;
            write(encoder, out, new RtmpMessage.SetChunkSize(chunkSize));
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("width", 320.0);
            metadata.put("height", 240.0);
            metadata.put("encoder", "Lavf59.27.100");
            write(encoder, out,
                    new RtmpMessage.Data(1, 0, List.of("@setDataFrame", "onMetaData", new EcmaArray(metadata))));
            long timestamp = random.nextBoolean() ? 0 : 0xFFFFFFL - random.nextInt(200);
            int messages = 1 + random.nextInt(25);
            for (int i = 0; i < messages; i++) {
                timestamp = (timestamp + random.nextInt(50)) & 0xFFFFFFFFL;
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> write(encoder, out, new RtmpMessage.Media(TrackType.VIDEO, 1, timestamp,
                            mediaBody(random, maxBody, random.nextBoolean() ? 0x17 : 0x27)));
                    case 3, 4 -> write(encoder, out, new RtmpMessage.Media(TrackType.AUDIO, 1, timestamp,
                            mediaBody(random, maxBody, 0xaf)));
                    case 5 -> write(encoder, out, new RawMessage(6, 22, timestamp, 1, aggregate(random)));
                    case 6 -> write(encoder, out, new RtmpMessage.UserControl(
                            RtmpMessage.UserControl.PING_REQUEST, random.nextInt(), 0));
                    case 7 -> write(encoder, out, random.nextBoolean()
                            ? new RtmpMessage.WindowAckSize(1 + random.nextInt(100_000))
                            : new RtmpMessage.Acknowledgement(random.nextInt() & 0xFFFFFFFFL));
                    case 8 -> {
                        String[] names = {"FCUnpublish", "deleteStream", "createStream", "publish", "connect",
                            "play", "xyz"};
                        write(encoder, out, new RtmpMessage.Command(random.nextInt(3),
                                names[random.nextInt(names.length)], random.nextInt(10), null, List.of(KEY)));
                    }
                    default -> write(encoder, out, new RtmpMessage.Data(1, timestamp, List.of("onTextData",
                            Map.of("text", "fuzz " + random.nextInt()))));
                }
            }
            return out.toByteArray();
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    private static ByteBuf mediaBody(Random random, int maxBody, int firstByte) {
        byte[] body = new byte[1 + random.nextInt(maxBody)];
        random.nextBytes(body);
        body[0] = (byte) firstByte;
        return Unpooled.wrappedBuffer(body);
    }

    /** An aggregate of a few FLV tags (RTMP spec 7.1.6), sometimes with a wrong size field. */
    private static ByteBuf aggregate(Random random) {
        ByteBuf body = Unpooled.buffer();
        int tags = 1 + random.nextInt(4);
        for (int i = 0; i < tags; i++) {
            int size = random.nextInt(300);
            body.writeByte(random.nextBoolean() ? 8 : 9)
                    .writeMedium(random.nextInt(10) == 0 ? random.nextInt(1 << 24) : size)
                    .writeMedium(i * 20).writeByte(0).writeMedium(0);
            byte[] data = new byte[size];
            random.nextBytes(data);
            body.writeBytes(data).writeInt(11 + size);
        }
        return body;
    }

    private static void write(EmbeddedChannel encoder, ByteArrayOutputStream out, Object message) {
        encoder.writeOutbound(message);
        for (ByteBuf chunk; (chunk = encoder.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(chunk));
            chunk.release();
        }
    }

    /** One to three mutations, each at a random place or at either end of the valid stream. */
    private static byte[] mutate(Random random, byte[] valid) {
        byte[] bytes = valid;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> bytes.length;
                default -> random.nextInt(bytes.length + 1);
            };
            bytes = switch (random.nextInt(9)) {
                case 0 -> flipBits(random, bytes);
                case 1 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 2 -> insert(bytes, at, hex(random.nextBoolean()
                        ? "04 000000 ffffff 09 01000000"                        // fmt 0, length 2^24-1
                        : "05 ffffff 7fffff 08 01000000 ffffffff"));            // extended ts, 8 MiB
                case 3 -> insert(bytes, at, hex("02 000000 000004 01 00000000"
                        + List.of("00000000", "80000000", "7fffffff", "00000001", "01000001").get(random.nextInt(5))));
                case 4 -> insert(bytes, at, random.nextBoolean()
                        ? concat(new byte[] {(byte) (0xc0 | (20 + random.nextInt(44)))}, randomBytes(random, false))
                        : hex("41 ffff 000000 000010 08"));                     // fmt 1 on csid 65599
                case 5 -> insert(bytes, at, deeplyNestedAmf(random));
                case 6 -> insert(bytes, at, manyChunkStreams(random));
                case 7 -> insert(bytes, at,                                   // Abort chunk stream 0..9
                        hex("02 000000 000004 02 00000000 0000000" + random.nextInt(10)));
                default -> insert(bytes, at, randomBytes(random, false));
            };
        }
        return bytes;
    }

    private static byte[] flipBits(Random random, byte[] bytes) {
        byte[] flipped = bytes.clone();
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips && flipped.length > 0; i++) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    /** A data or command message whose AMF nests thousands of objects or arrays deep. */
    private static byte[] deeplyNestedAmf(Random random) {
        int depth = 1_000 + random.nextInt(20_000);
        String level = switch (random.nextInt(3)) {
            case 0 -> "03 0001 61";         // object, key "a", then the nested value
            case 1 -> "0a 00000001";        // strict array of one
            default -> "08 00000001 0001 61";   // ECMA array, key "a"
        };
        byte[] body = concat(hex("02 000a 6f6e4d65746144617461"), hex(level.repeat(depth)));
        EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(encoder, out, new RawMessage(3, random.nextBoolean() ? 18 : 20, 0, 1, Unpooled.wrappedBuffer(body)));
            return out.toByteArray();
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    /** Zero-length type 0 chunks on hundreds of chunk stream ids. */
    private static byte[] manyChunkStreams(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 60 + random.nextInt(400);
        for (int i = 0; i < count; i++) {
            int csid = 3 + random.nextInt(65_000);
            out.writeBytes(csid < 64 ? new byte[] {(byte) csid}
                    : csid < 320 ? new byte[] {0, (byte) (csid - 64)}
                    : new byte[] {1, (byte) (csid - 64), (byte) ((csid - 64) >> 8)});
            out.writeBytes(hex("000000 000000 08 01000000"));
        }
        return out.toByteArray();
    }

    // ---- the real encoder ---------------------------------------------------------------------

    private void ffmpegPublishes() throws IOException, InterruptedException {
        Path output = Files.createTempFile("ffmpeg-publish", ".log");
        try {
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                    "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3",
                    "-c:v", "libx264", "-g", "25", "-f", "flv",
                    "rtmp://127.0.0.1:" + address.getPort() + "/live/" + KEY)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean sawPublishing = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ffmpeg.isAlive() && System.nanoTime() < deadline) {
                sawPublishing |= registry.status(NAME).map(s -> s.publishing()).orElse(false);
                Thread.sleep(20);
            }
            boolean exited = ffmpeg.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!exited) {
                ffmpeg.destroyForcibly();
            }
            String log = Files.readString(output);
            assertThat(exited).as("ffmpeg finished; output:%n%s", log).isTrue();
            assertThat(ffmpeg.exitValue()).as("ffmpeg exit code; output:%n%s", log).isZero();
            assertThat(sawPublishing).as("stream %s was publishing while ffmpeg ran", NAME).isTrue();
        } finally {
            Files.deleteIfExists(output);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String summary(List<Outcome> outcomes) {
        Map<Scenario, Map<Ending, Integer>> counts = new EnumMap<>(Scenario.class);
        for (Outcome outcome : outcomes) {
            counts.computeIfAbsent(outcome.scenario(), s -> new EnumMap<>(Ending.class))
                    .merge(outcome.ending(), 1, Integer::sum);
        }
        long slowest = outcomes.stream().mapToLong(Outcome::millis).max().orElse(0);
        return counts + ", slowest " + slowest + " ms";
    }

    private Map<String, Double> rejectsByReason() {
        Map<String, Double> byReason = new TreeMap<>();
        for (Meter meter : meters.find("courtcast.ingest.rejects").meters()) {
            byReason.put(meter.getId().getTag("reason"), ((Counter) meter).count());
        }
        return byReason;
    }

    private double rejects(String reason) {
        Counter counter = meters.find("courtcast.ingest.rejects").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double connections() {
        return meters.get("courtcast.ingest.connections.active").gauge().value();
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        return concat(Arrays.copyOf(bytes, at), inserted, Arrays.copyOfRange(bytes, at, bytes.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting: %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
