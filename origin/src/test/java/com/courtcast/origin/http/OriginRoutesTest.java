package com.courtcast.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.packaging.InitSegment;
import com.courtcast.common.packaging.MediaPart;
import com.courtcast.common.packaging.SegmentClosed;
import com.courtcast.common.packaging.SegmentOpened;
import com.courtcast.common.packaging.SegmentSink;
import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.common.playback.PlaybackSigner;
import com.courtcast.common.playback.PlaybackVerdict;
import com.courtcast.common.testing.MutableClock;
import com.courtcast.origin.OriginConfig;
import com.courtcast.origin.live.LiveStreamDirectory;
import com.courtcast.origin.live.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The origin's HTTP surface on localhost: status codes, caching headers, ranges, CORS, held requests. */
class OriginRoutesTest {

    private static final PlaybackSigner SIGNER = new PlaybackSigner(new byte[32]);

    private final Vertx vertx = Vertx.vertx();
    // HTTP/1.1 as edges speak it (the JDK client's default tries an h2c upgrade).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LiveStreamDirectory live;
    private OriginRoutes routes;
    private HttpServer server;
    private SegmentSink sink;
    private String base;

    @BeforeEach
    void start() {
        OriginConfig config = new OriginConfig(Duration.ofMinutes(5), OriginConfig.WindowMode.SLIDING,
                Duration.ofSeconds(30), OriginConfig.DEFAULT_MEMORY_SEGMENTS, false, 10_000);
        // Held requests expire only when a test moves this clock: a loaded machine must not turn them into 503s.
        live = new LiveStreamDirectory(config, new MutableClock(Instant.now()), RecordingSink.Factory.NONE);
        routes = new OriginRoutes(vertx, live, null, new PlaybackConfig(Set.of("sealed"), SIGNER), Clock.systemUTC(),
                new SimpleMeterRegistry());
        Router router = Router.router(vertx);
        routes.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        base = "http://127.0.0.1:" + server.actualPort();
        sink = live.sink("hearing", "source");
        sink.onInit(new InitSegment("abcd", new byte[] {1, 2, 3}, "avc1.64001F,mp4a.40.2", 1280, 720, 30));
        segment(0, 6);
    }

    @AfterEach
    void stop() {
        routes.close();
        server.close().await();
        vertx.close().await();
    }

    private void segment(long msn, int parts) {
        sink.onSegmentOpened(new SegmentOpened(msn, Instant.now(), false, true));
        for (int i = 0; i < parts; i++) {
            part(msn, i);
        }
        sink.onSegmentClosed(new SegmentClosed(msn, parts, parts * 335_000L, 2, 335_000, Instant.now()));
    }

    private void part(long msn, int index) {
        byte[] bytes = new byte[1000];
        bytes[0] = (byte) index;
        sink.onPart(new MediaPart(msn, index, index == 0, 335_000, bytes));
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void playlistsCarryTheirCachingHeaders() throws Exception {
        HttpResponse<byte[]> multivariant = get("/live/hearing/index.m3u8");
        assertThat(multivariant.statusCode()).isEqualTo(200);
        assertThat(new String(multivariant.body())).contains("CODECS=\"avc1.64001F,mp4a.40.2\"", "RESOLUTION=1280x720");
        assertThat(multivariant.headers().firstValue("access-control-allow-origin")).hasValue("*");

        HttpResponse<byte[]> media = get("/live/hearing/source.m3u8");
        assertThat(media.headers().firstValue("cache-control")).hasValue("public, max-age=1");
        String etag = media.headers().firstValue("etag").orElseThrow();
        assertThat(get("/live/hearing/source.m3u8", "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> gzipped = get("/live/hearing/source.m3u8", "Accept-Encoding", "gzip");
        assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            assertThat(new String(in.readAllBytes())).isEqualTo(new String(media.body()));
        }
    }

    @Test
    void restrictedHearingsNeedAValidTokenForEveryResource() throws Exception {
        SegmentSink sealed = live.sink("sealed", "source");
        sealed.onInit(new InitSegment("wxyz", new byte[] {1, 2, 3}, "avc1.64001F,mp4a.40.2", 1280, 720, 30));
        String valid = SIGNER.sign("sealed", Instant.now().plusSeconds(60), null).query();
        String expired = SIGNER.sign("sealed", Instant.now().minusSeconds(1), null).query();
        String otherStream = SIGNER.sign("hearing", Instant.now().plusSeconds(60), null).query();

        HttpResponse<byte[]> missing = get("/live/sealed/source-wxyz-init.mp4");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(new String(missing.body())).contains(PlaybackVerdict.MISSING.reason());
        assertThat(missing.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(new String(get("/live/sealed/source-wxyz-init.mp4?" + expired).body()))
                .contains(PlaybackVerdict.EXPIRED.reason());
        assertThat(get("/live/sealed/index.m3u8?" + otherStream).statusCode()).isEqualTo(403);
        assertThat(get("/vod/sealed/index.m3u8").statusCode()).isEqualTo(403);

        assertThat(get("/live/sealed/source-wxyz-init.mp4?" + valid).statusCode()).isEqualTo(200);
        assertThat(get("/live/hearing/source-abcd-init.mp4").statusCode()).as("public hearings need no token")
                .isEqualTo(200);
    }

    @Test
    void blockingRequestsAreHeldAndAnsweredCacheable() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> held = http.sendAsync(HttpRequest.newBuilder(
                URI.create(base + "/live/hearing/source.m3u8?_HLS_msn=1&_HLS_part=0")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(200);
        assertThat(held).isNotDone();
        sink.onSegmentOpened(new SegmentOpened(1, Instant.now(), false, true));
        part(1, 0);
        HttpResponse<byte[]> answered = held.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(new String(answered.body())).contains("source-abcd-part6.m4s");
        assertThat(answered.headers().firstValue("cache-control")).hasValue("public, max-age=12");

        assertThat(get("/live/hearing/source.m3u8?_HLS_part=1").statusCode()).isEqualTo(400);
        assertThat(get("/live/hearing/source.m3u8?_HLS_msn=9").statusCode()).isEqualTo(400);
        assertThat(get("/live/hearing/source.m3u8?_HLS_msn=1&_HLS_skip=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void theHintedPartIsHeldUntilItCompletes() throws Exception {
        sink.onSegmentOpened(new SegmentOpened(1, Instant.now(), false, true));
        CompletableFuture<HttpResponse<byte[]>> held = http.sendAsync(HttpRequest.newBuilder(
                URI.create(base + "/live/hearing/source-abcd-part6.m4s")).build(), HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(200);
        assertThat(held).isNotDone();
        part(1, 0);
        HttpResponse<byte[]> answered = held.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).hasSize(1000);
        assertThat(get("/live/hearing/source-abcd-part9.m4s").statusCode()).isEqualTo(404);
    }

    @Test
    void mediaIsImmutableWithRanges() throws Exception {
        HttpResponse<byte[]> segment = get("/live/hearing/source-abcd-0.m4s");
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.body()).hasSize(6000);
        assertThat(segment.headers().firstValue("cache-control")).hasValue(Responses.IMMUTABLE);
        assertThat(segment.headers().firstValue("content-type")).hasValue("video/mp4");

        HttpResponse<byte[]> range = get("/live/hearing/source-abcd-0.m4s", "Range", "bytes=999-1000");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes 999-1000/6000");
        assertThat(range.body()).containsExactly(0, 1); // the last byte of part 0, the first of part 1

        assertThat(get("/live/hearing/source-abcd-0.m4s", "Range", "bytes=6000-").statusCode()).isEqualTo(416);
        assertThat(get("/live/hearing/source-abcd-0.m4s", "If-None-Match", "\"source-abcd-0.m4s\"").statusCode())
                .isEqualTo(304);
        assertThat(get("/live/nobody/index.m3u8").statusCode()).isEqualTo(404);
        assertThat(get("/live/bad%2Fname/index.m3u8").statusCode()).isEqualTo(404);
    }

    @Test
    void corsPreflightIsAnswered() throws Exception {
        HttpResponse<Void> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "/live/hearing/source.m3u8"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://court.example").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET, HEAD, OPTIONS");
    }

    @Test
    void twoThousandHeldRequestsCostNoThreadEach() throws Exception {
        int viewers = 2_000;
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(viewers));
        try {
            int threadsBefore = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
            java.util.List<io.vertx.core.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                answers.add(client.request(io.vertx.core.http.HttpMethod.GET, server.actualPort(), "127.0.0.1",
                                "/live/hearing/source.m3u8?_HLS_msn=1&_HLS_part=0")
                        .compose(request -> request.send())
                        .compose(response -> response.body().map(body -> response.statusCode())));
            }
            var rendition = live.rendition("hearing", "source").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rendition.waitingRequests() < viewers) {
                assertThat(System.nanoTime()).as("requests held: %d; first outcome %s", rendition.waitingRequests(),
                        answers.getFirst().isComplete() ? answers.getFirst().result() + " " + answers.getFirst().cause()
                                : "pending").isLessThan(deadline);
                Thread.sleep(20);
            }
            int threadsHolding = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(threadsHolding - threadsBefore).isLessThan(20);

            sink.onSegmentOpened(new SegmentOpened(1, Instant.now(), false, true));
            part(1, 0);
            java.util.List<Integer> statuses = io.vertx.core.Future.all(answers)
                    .map(all -> all.<Integer>list()).await(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(statuses).hasSize(viewers).containsOnly(200);
            assertThat(rendition.waitingRequests()).isZero();
        } finally {
            client.close().await();
        }
    }
}
