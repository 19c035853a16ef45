package com.courtcast.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.config.Settings;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.IngestConfig;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.PublishAuthorizer;
import com.courtcast.ingest.PublishDecision;
import com.courtcast.ingest.PublishRequest;
import com.courtcast.ingest.RtmpServer;
import com.courtcast.ingest.RtmpTestClient.Received;
import com.courtcast.ingest.RtmpTestClient;
import com.courtcast.ingest.StaticKeyAuthorizer;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.live.StreamStatus;
import com.courtcast.ingest.rtmp.amf.EcmaArray;
import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Publisher sessions end to end on localhost: a real {@link RtmpServer} on an ephemeral port and
 * a small blocking RTMP client, from the handshake through connect, createStream and publish to
 * takeovers, refusals and timeouts.
 */
@ExtendWith(NettyLeakCheck.class)
class RtmpSessionTest {

    private static final String KEY = "k3y-0123456789abcdef";
    private static final String NAME = "court1";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(meters);
    /** The server's monotonic clock: moves only when a test says so. */
    private final AtomicLong nanos = new AtomicLong();
    private final List<RtmpTestClient> clients = new ArrayList<>();
    private LiveStreamRegistry registry;
    private RtmpServer server;
    private InetSocketAddress address;

    @AfterEach
    void stop() {
        clients.forEach(RtmpTestClient::close);
        if (server != null) {
            awaitTrue("connections closed", () -> connections() == 0);
            server.close();
        }
    }

    // ---- connect ------------------------------------------------------------------------------

    @Test
    void connectToTheLiveAppIsAnsweredWithControlMessagesThenSuccess() throws IOException {
        start();
        RtmpTestClient client = client();
        client.handshake();
        client.send(RtmpTestClient.connectCommand("live", address.getPort()));

        Received windowAckSize = client.read();
        Received peerBandwidth = client.read();
        Received result = client.read();

        assertThat(windowAckSize.message()).isEqualTo(new RtmpMessage.WindowAckSize(2_500_000));
        assertThat(peerBandwidth.message()).isEqualTo(new RtmpMessage.SetPeerBandwidth(2_500_000, 2));
        // Set Chunk Size is applied by the client's chunk decoder, between the two: the server
        // sent everything before it in chunks of 128 and everything after in chunks of 60000.
        assertThat(windowAckSize.chunkSize()).isEqualTo(128);
        assertThat(peerBandwidth.chunkSize()).isEqualTo(128);
        assertThat(result.chunkSize()).isEqualTo(60_000);
        RtmpMessage.Command command = (RtmpMessage.Command) result.message();
        assertThat(command.name()).isEqualTo("_result");
        assertThat(command.transactionId()).isEqualTo(1.0);
        assertThat(command.messageStreamId()).isZero();
        assertThat(command.commandObject()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) command.commandObject()).get("fmsVer")).isInstanceOf(String.class);
        assertThat(info(command)).containsEntry("level", "status")
                .containsEntry("code", "NetConnection.Connect.Success");
    }

    @Test
    void connectToAnotherAppIsRejectedAndClosed() throws IOException {
        start();
        RtmpTestClient client = client();

        RtmpMessage.Command answer = client.connect("other");

        assertThat(answer.name()).isEqualTo("_error");
        assertThat(info(answer)).containsEntry("level", "error")
                .containsEntry("code", "NetConnection.Connect.Rejected");
        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("bad_app")).isEqualTo(1);
    }

    @Test
    void createStreamReturnsStreamOne() throws IOException {
        start();
        RtmpTestClient client = client();
        assertThat(client.connect("live").name()).isEqualTo("_result");

        client.send(new RtmpMessage.Command(0, "releaseStream", 2, null, List.of(KEY)),
                new RtmpMessage.Command(0, "FCPublish", 3, null, List.of(KEY)),
                new RtmpMessage.Command(0, "createStream", 4, null, List.of()));

        assertThat(client.readCommand(c -> true)).isEqualTo(new RtmpMessage.Command(0, "_result", 2, null, List.of()));
        assertThat(client.readCommand(c -> true)).isEqualTo(new RtmpMessage.Command(0, "_result", 3, null, List.of()));
        assertThat(client.readCommand(c -> true))
                .isEqualTo(new RtmpMessage.Command(0, "_result", 4, null, List.of(1.0)));
    }

    // ---- publish ------------------------------------------------------------------------------

    @Test
    void publishWithAWrongKeyIsRefusedAndClosed() throws IOException {
        start();
        RtmpTestClient client = client();

        RtmpMessage.Command status = client.publish("live", "not-the-key-0123456789");

        assertThat(status.messageStreamId()).isEqualTo(1);
        assertThat(info(status)).containsEntry("level", "error").containsEntry("code", "NetStream.Publish.BadName");
        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("unauthorized")).isEqualTo(1);
        assertThat(registry.status(NAME)).isEmpty();
    }

    @Test
    void publishWithTheKeyStartsTheStream() throws IOException {
        start();
        RtmpTestClient client = client();
        assertThat(client.connect("live").name()).isEqualTo("_result");
        client.send(new RtmpMessage.Command(0, "createStream", 4, null, List.of()));
        client.readCommand(c -> c.transactionId() == 4);

        client.send(new RtmpMessage.Command(1, "publish", 5, null, List.of(KEY, "live")));

        assertThat(client.read().message())
                .isEqualTo(new RtmpMessage.UserControl(RtmpMessage.UserControl.STREAM_BEGIN, 1, 0));
        RtmpMessage.Command status = (RtmpMessage.Command) client.read().message();
        assertThat(status.name()).isEqualTo("onStatus");
        assertThat(status.messageStreamId()).isEqualTo(1);
        assertThat(info(status)).containsEntry("level", "status").containsEntry("code", "NetStream.Publish.Start");
        StreamStatus stream = registry.status(NAME).orElseThrow();
        assertThat(stream.publishing()).isTrue();
        assertThat(stream.publisherAddress()).isEqualTo("127.0.0.1:" + client.socket().getLocalPort());
        assertThat(rejects("unauthorized")).isZero();
    }

    @Test
    void queryAfterTheKeyIsNotPartOfTheKey() throws IOException {
        start();
        RtmpTestClient client = client();

        assertThat(info(client.publish("live", KEY + "?token=abc"))).containsEntry("code", "NetStream.Publish.Start");
    }

    @Test
    void authorizerIsAskedWithTheKeyAndQuerySeparated() throws IOException {
        List<PublishRequest> requests = new CopyOnWriteArrayList<>();
        start(request -> {
            requests.add(request);
            return CompletableFuture.completedFuture(new PublishDecision.Allow(NAME));
        });
        RtmpTestClient client = client();

        client.publish("live", KEY + "?token=abc&x=1");

        assertThat(requests).containsExactly(new PublishRequest("live", KEY, "token=abc&x=1",
                "127.0.0.1:" + client.socket().getLocalPort()));
        assertThat(requests.get(0).toString()).doesNotContain(KEY);
    }

    @Test
    void slowAuthorizationDropsMediaUntilItIsGranted() throws IOException {
        CompletableFuture<PublishDecision> decision = new CompletableFuture<>();
        start(request -> decision);
        RtmpTestClient client = client();
        client.connect("live");
        client.send(new RtmpMessage.Command(0, "createStream", 4, null, List.of()));
        client.readCommand(c -> c.transactionId() == 4);
        client.send(new RtmpMessage.Command(1, "publish", 5, null, List.of(KEY, "live")));
        sendVideo(client, 0);
        client.send(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_REQUEST, 1, 0));
        client.read();   // the ping answer: the video before it has been handled

        decision.complete(new PublishDecision.Allow(NAME));

        assertThat(info(client.readCommand(c -> c.name().equals("onStatus"))))
                .containsEntry("code", "NetStream.Publish.Start");
        assertThat(videoBytes()).as("media sent while authorizing is dropped").isZero();
    }

    @Test
    void decisionArrivingAfterTheEncoderLeftPublishesNothing() throws IOException {
        CompletableFuture<PublishDecision> decision = new CompletableFuture<>();
        start(request -> decision);
        RtmpTestClient client = client();
        client.connect("live");
        client.send(new RtmpMessage.Command(0, "createStream", 4, null, List.of()),
                new RtmpMessage.Command(1, "publish", 5, null, List.of(KEY, "live")));
        client.readCommand(c -> c.transactionId() == 4);
        client.close();
        awaitTrue("connection closed", () -> connections() == 0);

        decision.complete(new PublishDecision.Allow(NAME));

        assertThat(registry.status(NAME)).as("no stream claimed for a gone encoder").isEmpty();
    }

    @Test
    void failedAuthorizationIsReportedToTheEncoder() throws IOException {
        start(request -> CompletableFuture.failedFuture(new IOException("auth service down")));
        RtmpTestClient client = client();

        RtmpMessage.Command status = client.publish("live", KEY);

        assertThat(info(status)).containsEntry("level", "error").containsEntry("code", "NetStream.Publish.Failed");
        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("authorizer_error")).isEqualTo(1);
    }

    @Test
    void unpublishEndsTheStreamButKeepsTheConnection() throws IOException {
        start();
        RtmpTestClient client = client();
        client.publish("live", KEY);

        client.send(new RtmpMessage.Command(1, "FCUnpublish", 6, null, List.of(KEY)));

        assertThat(info(client.readCommand(c -> c.name().equals("onStatus"))))
                .containsEntry("code", "NetStream.Unpublish.Success");
        awaitTrue("stream forgotten", () -> registry.status(NAME).isEmpty());
        client.send(new RtmpMessage.Command(0, "createStream", 7, null, List.of()));
        assertThat(client.readCommand(c -> c.transactionId() == 7).argument(0)).isEqualTo(2.0);
    }

    @Test
    void metadataReachesTheStreamsConsumers() throws IOException {
        start();
        List<MediaEvent> events = new CopyOnWriteArrayList<>();
        registry.subscribe(NAME, "test", events::add);
        RtmpTestClient client = client();
        client.publish("live", KEY);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("width", 320.0);
        metadata.put("height", 240.0);
        metadata.put("encoder", "Lavf59.27.100");
        client.send(new RtmpMessage.Data(1, 0, List.of("@setDataFrame", "onMetaData", new EcmaArray(metadata))));

        awaitTrue("metadata delivered", () -> events.size() == 2);
        assertThat(events.get(1)).isEqualTo(new MediaEvent.Metadata(metadata));
        assertThat(meters.get("courtcast.ingest.data.messages").counter().count()).isEqualTo(1);
    }

    @Test
    void mediaBeforePublishIsDropped() throws IOException {
        start();
        RtmpTestClient client = client();
        client.connect("live");
        sendVideo(client, 0);
        client.send(new RtmpMessage.Command(0, "createStream", 4, null, List.of()));
        client.readCommand(c -> c.transactionId() == 4);
        sendVideo(client, 40);
        client.send(new RtmpMessage.Command(1, "publish", 5, null, List.of(KEY, "live")));
        client.readCommand(c -> c.name().equals("onStatus"));

        sendVideo(client, 80);

        awaitTrue("the video after publish is counted", () -> videoBytes() == 5);
        assertThat(client.awaitServerClose(Duration.ofMillis(200))).isFalse();
    }

    @Test
    void publishBeforeCreateStreamIsRefused() throws IOException {
        start();
        RtmpTestClient client = client();
        client.connect("live");

        client.send(new RtmpMessage.Command(1, "publish", 5, null, List.of(KEY, "live")));

        assertThat(info(client.readCommand(c -> c.name().equals("onStatus"))))
                .containsEntry("code", "NetStream.Publish.BadName");
        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("command")).isEqualTo(1);
        assertThat(registry.status(NAME)).isEmpty();
    }

    @Test
    void secondConnectIsAProtocolError() throws IOException {
        start();
        RtmpTestClient client = client();
        client.connect("live");

        client.send(RtmpTestClient.connectCommand("live", address.getPort()));

        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("command")).isEqualTo(1);
    }

    @Test
    void commandBeforeConnectIsAProtocolError() throws IOException {
        start();
        RtmpTestClient client = client();
        client.handshake();

        client.send(new RtmpMessage.Command(0, "createStream", 2, null, List.of()));

        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("command")).isEqualTo(1);
    }

    @Test
    void secondPublisherTakesOverAndTheFirstIsClosed() throws IOException {
        start();
        List<MediaEvent> events = new CopyOnWriteArrayList<>();
        registry.subscribe(NAME, "test", events::add);
        RtmpTestClient first = client();
        assertThat(info(first.publish("live", KEY))).containsEntry("code", "NetStream.Publish.Start");
        String firstId = registry.status(NAME).orElseThrow().publishId();

        RtmpTestClient second = client();
        assertThat(info(second.publish("live", KEY))).containsEntry("code", "NetStream.Publish.Start");

        assertThat(first.awaitServerClose(READ_TIMEOUT)).isTrue();
        StreamStatus status = registry.status(NAME).orElseThrow();
        assertThat(status.publisherAddress()).isEqualTo("127.0.0.1:" + second.socket().getLocalPort());
        assertThat(status.publishId()).isNotEqualTo(firstId);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(MediaEvent.PublishStarted.class,
                started -> assertThat(started.publishId()).isEqualTo(firstId));
        assertThat(events.get(1)).isInstanceOfSatisfying(MediaEvent.PublishEnded.class, ended -> {
            assertThat(ended.publishId()).isEqualTo(firstId);
            assertThat(ended.reason()).contains("taken over");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(MediaEvent.PublishStarted.class,
                started -> assertThat(started.publishId()).isEqualTo(status.publishId()));
        // The evicted session's own close must not end the new publish.
        awaitTrue("first connection gone", () -> connections() == 1);
        assertThat(registry.status(NAME).orElseThrow().publishing()).isTrue();
    }

    @Test
    void withRejectNewTheSecondPublisherIsRefused() throws IOException {
        start("ingest.takeover", "reject-new");
        RtmpTestClient first = client();
        first.publish("live", KEY);
        String firstId = registry.status(NAME).orElseThrow().publishId();

        RtmpTestClient second = client();
        RtmpMessage.Command refused = second.publish("live", KEY);

        assertThat(info(refused)).containsEntry("level", "error").containsEntry("code", "NetStream.Publish.BadName");
        assertThat(second.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("already_publishing")).isEqualTo(1);
        assertThat(first.awaitServerClose(Duration.ofMillis(300))).as("first publisher untouched").isFalse();
        assertThat(registry.status(NAME).orElseThrow().publishId()).isEqualTo(firstId);
    }

    @Test
    void playIsRefused() throws IOException {
        start();
        RtmpTestClient client = client();
        client.connect("live");

        client.send(new RtmpMessage.Command(0, "play", 2, null, List.of(NAME)));

        assertThat(info(client.readCommand(c -> c.name().equals("onStatus"))))
                .containsEntry("code", "NetStream.Play.Failed");
        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("play_refused")).isEqualTo(1);
    }

    @Test
    void pingIsAnswered() throws IOException {
        start();
        RtmpTestClient client = client();
        client.connect("live");

        client.send(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_REQUEST, 987_654, 0));

        Received pong = client.read();
        assertThat(pong.message())
                .isEqualTo(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_RESPONSE, 987_654, 0));
    }

    // ---- timeouts and limits ------------------------------------------------------------------

    @Test
    void silentPublisherIsClosed() throws IOException {
        start("ingest.publishSilenceTimeout", "1s");
        RtmpTestClient client = client();
        client.publish("live", KEY);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_500));

        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("publish_silence")).isEqualTo(1);
        awaitTrue("stream forgotten", () -> registry.status(NAME).isEmpty());
    }

    @Test
    void mediaKeepsAPublisherAlive() throws IOException {
        start("ingest.publishSilenceTimeout", "1s");
        RtmpTestClient client = client();
        client.publish("live", KEY);

        for (int i = 1; i <= 3; i++) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(800));
            sendVideo(client, i * 800);
            int sent = i;
            awaitTrue("video received", () -> videoBytes() == sent * 5);
            // The session notes media per message and reads the clock only in its periodic check
            // (every 250 ms here): let one check see this message before time moves on.
            sleepPastOneCheck();
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(800));
        // Silence checks run every 250 ms; two of them see 800 ms without media, which is allowed.
        assertThat(client.awaitServerClose(Duration.ofMillis(600))).isFalse();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("publish_silence")).isEqualTo(1);
    }

    private static void sleepPastOneCheck() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void peerThatDoesNotFinishTheHandshakeIsClosed() throws IOException {
        start("ingest.handshakeTimeout", "200ms");
        RtmpTestClient client = client();
        client.sendRaw(new byte[] {3, 0, 0, 0});

        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("handshake_timeout")).isEqualTo(1);
    }

    @Test
    void httpClientIsClosedAtOnce() throws IOException {
        start();
        RtmpTestClient client = client();
        client.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
        assertThat(rejects("handshake")).isEqualTo(1);
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnce() throws IOException {
        start("ingest.maxConnections", "2");
        RtmpTestClient first = client();
        first.handshake();
        client().handshake();

        RtmpTestClient third = client();

        assertThat(firstByteOrEof(third)).as("closed before any reply").isEqualTo(-1);
        awaitTrue("rejected", () -> rejects("too_many_connections") == 1);
        awaitTrue("gauge counts the two", () -> connections() == 2);

        first.close();
        awaitTrue("a slot is free again", () -> connections() == 1);
        client().handshake();
    }

    @Test
    void connectionThatNeverPublishesIsEventuallyClosed() throws IOException {
        start("ingest.handshakeTimeout", "200ms", "ingest.publishSilenceTimeout", "1s");
        RtmpTestClient client = client();
        assertThat(client.connect("live").name()).isEqualTo("_result");

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));

        assertThat(client.awaitServerClose(READ_TIMEOUT)).isTrue();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void start(String... overrides) {
        start(new StaticKeyAuthorizer(Map.of(KEY, NAME)), overrides);
    }

    private void start(PublishAuthorizer authorizer, String... overrides) {
        Settings settings = Settings.empty().override("ingest.port", 0).override("ingest.bindHost", "127.0.0.1");
        for (int i = 0; i < overrides.length; i += 2) {
            settings.override(overrides[i], overrides[i + 1]);
        }
        IngestConfig config = IngestConfig.from(settings);
        registry = new LiveStreamRegistry(config.takeoverPolicy(), config.fanOutLimits(), Runnable::run, metrics,
                Clock.systemUTC());
        server = new RtmpServer(config, authorizer, registry, metrics, nanos::get);
        try {
            address = server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private RtmpTestClient client() throws IOException {
        RtmpTestClient client = RtmpTestClient.open(address, READ_TIMEOUT);
        clients.add(client);
        return client;
    }

    /** A 5-byte video message (an AVC inter frame's FLV tag header) on stream 1. */
    private static void sendVideo(RtmpTestClient client, long timestamp) throws IOException {
        client.send(new RtmpMessage.Media(TrackType.VIDEO, 1, timestamp,
                Unpooled.wrappedBuffer(new byte[] {0x27, 1, 0, 0, 0})));
    }

    private static int firstByteOrEof(RtmpTestClient client) throws IOException {
        try {
            return client.socket().getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(RtmpMessage.Command command) {
        assertThat(command.argument(0)).as("info object of %s", command).isInstanceOf(Map.class);
        return (Map<String, Object>) command.argument(0);
    }

    private double rejects(String reason) {
        Counter counter = meters.find("courtcast.ingest.rejects").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double videoBytes() {
        return meters.get("courtcast.ingest.bytes").tag("type", "video").counter().count();
    }

    private double connections() {
        return meters.get("courtcast.ingest.connections.active").gauge().value();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
