package com.courtcast.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The viewer page and hls.js over real HTTP, from a Vert.x server on the loopback interface. */
class PlayerRoutesTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new PlayerRoutes(vertx).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        // HTTP/1.1 as edges speak it (the JDK client's default tries an h2c upgrade). Once, of many
        // runs, a request here went unanswered and the suite hung: requests now time out instead.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        vertx.close().await();
    }

    @Test
    void watchPageNamesTheStreamAndLinksVersionedAssets() throws Exception {
        HttpResponse<String> page = get("/watch/hearing_1-B");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue(PlayerRoutes.SHORT_CACHE);
        assertSecurityHeaders(page);
        assertThat(page.body())
                .contains("<meta name=\"courtcast-stream\" content=\"hearing_1-B\">")
                .containsPattern("<link rel=\"stylesheet\" href=\"/player/player\\.css\\?v=[0-9a-f]{16}\">")
                .containsPattern("<script src=\"/player/player\\.js\\?v=[0-9a-f]{16}\" defer>")
                .containsPattern("<script src=\"/player/hls\\.min\\.js\\?v=[0-9a-f]{16}\" defer>");
        assertThat(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSize(Integer.parseInt(page.headers().firstValue("Content-Length").orElseThrow()));
    }

    @Test
    void hlsJsIsServedWholeFromTheLinkThePageGives() throws Exception {
        Matcher link = Pattern.compile("src=\"(/player/hls\\.min\\.js\\?v=[0-9a-f]+)\"").matcher(get("/watch/a").body());
        assertThat(link.find()).isTrue();

        HttpResponse<byte[]> hls = getBytes(link.group(1));

        assertThat(hls.statusCode()).isEqualTo(200);
        assertThat(hls.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(hls.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertSecurityHeaders(hls);
        assertThat(hls.body()).isEqualTo(classpath("hls.min.js"));
        assertThat(link.group(1)).endsWith("?v=" + hls.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    @Test
    void assetsHaveTheirContentTypes() throws Exception {
        assertThat(get("/player/player.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(get("/player/player.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        HttpResponse<String> raw = get("/player/watch.html?stream=x");
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(raw.body()).contains("<meta name=\"courtcast-stream\" content=\"\">", "src=\"player.js\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/watch/bad.name", "/watch/a%20b", "/watch/a%2Fb", "/watch/%3Cscript%3E",
            "/watch/x12345678901234567890123456789012345678901234567890123456789012345",
            "/player/pom.xml", "/player/hls.min.js.map", "/player/..%2F..%2Fpom.xml", "/player/",
            "/player/PLAYER.JS"})
    void unknownStreamsAndFilesAre404(String path) throws Exception {
        assertThat(get(path).statusCode()).isEqualTo(404);
    }

    @Test
    void sixtyFourCharacterNamesAreFine() throws Exception {
        assertThat(get("/watch/" + "n".repeat(64)).statusCode()).isEqualTo(200);
    }

    @Test
    void matchingEntityTagIsNotModified() throws Exception {
        HttpResponse<String> first = get("/player/player.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = client.send(request("/player/player.js").header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        String pageTag = get("/watch/one").headers().firstValue("ETag").orElseThrow();
        assertThat(get("/watch/two").headers().firstValue("ETag")).isPresent().get().isNotEqualTo(pageTag);
    }

    @Test
    void headGivesTheLengthWithoutTheBody() throws Exception {
        HttpResponse<byte[]> head = client.send(request("/player/hls.min.js").method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(classpath("hls.min.js").length));
    }

    @Test
    void concurrentDownloadsOfTheSharedBufferAreAllComplete() throws Exception {
        byte[] expected = classpath("hls.min.js");
        List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            downloads.add(client.sendAsync(request("/player/hls.min.js").build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> download : downloads) {
            assertThat(download.get().body()).isEqualTo(expected);
        }
    }

    private static void assertSecurityHeaders(HttpResponse<?> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "media-src 'self' blob:",
                        "worker-src 'self' blob:", "connect-src 'self'")
                .doesNotContain("unsafe"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] classpath(String file) throws IOException {
        try (InputStream in = PlayerRoutesTest.class.getClassLoader()
                .getResourceAsStream(PlayerRoutes.RESOURCE_DIR + file)) {
            assertThat(in).isNotNull();
            return in.readAllBytes();
        }
    }
}
