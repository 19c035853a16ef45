package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.config.Settings;
import com.courtcast.common.testing.ExternalProcess;
import com.courtcast.common.testing.NettyLeakCheck;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 at the edge: h2c by prior knowledge (curl) and by upgrade, and over TLS by ALPN (the JDK's client). */
@ExtendWith(NettyLeakCheck.class)
class Http2Test {

    private static final String PART = "/live/c1/source-ab12-3.1.m4s";

    @TempDir
    Path dir;

    @Test
    void curlSpeaksH2cByPriorKnowledgeAndTheJdkClientByUpgrade() throws Exception {
        try (FakeOrigin origin = servingAPart();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            String curl = ExternalProcess.run(Duration.ofSeconds(20), List.of("curl", "-s", "--http2-prior-knowledge",
                    "-o", "/dev/null", "-w", "%{http_version} %{http_code} %{size_download}", EdgeTesting.base(edge) + PART));
            assertThat(curl.trim()).isEqualTo("2 200 3000");

            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<byte[]> upgraded = h2.send(HttpRequest.newBuilder(URI.create(EdgeTesting.base(edge) + PART)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(upgraded.statusCode()).isEqualTo(200);
            assertThat(upgraded.body()).hasSize(3000);
            HttpResponse<byte[]> second = h2.send(HttpRequest.newBuilder(URI.create(EdgeTesting.base(edge) + PART)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(second.headers().firstValue("x-cache")).hasValue("HIT");
            assertThat(origin.count(PART)).isEqualTo(1);
        }
    }

    @Test
    void overTlsAlpnPicksHttp2AndConcurrentStreamsShareOneOriginRequest() throws Exception {
        Path certificate = dir.resolve("edge.crt");
        Path key = dir.resolve("edge.key");
        ExternalProcess.run(Duration.ofSeconds(30), List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1"));
        CountDownLatch release = new CountDownLatch(1);
        try (FakeOrigin origin = new FakeOrigin()) {
            origin.on(PART, exchange -> {
                release.await();
                FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=31536000, immutable", new byte[3000]);
            });
            Settings settings = EdgeTesting.settings(origin.uri())
                    .override("edge.tls.certificate", certificate.toString()).override("edge.tls.privateKey", key.toString());
            try (EdgeServer edge = EdgeTesting.start(settings, new ManualTicker(), Clock.systemUTC())) {
                HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting(certificate)).build();
                URI uri = URI.create("https://127.0.0.1:" + edge.port() + PART);
                // One connection first (ALPN agreed), so the 50 requests are streams on it, not 50 handshakes.
                HttpResponse<String> health = h2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + edge.port()
                        + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
                List<CompletableFuture<HttpResponse<byte[]>>> streams = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    streams.add(h2.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (edge.metrics().count(ResourceType.MEDIA, EdgeMetrics.Result.COALESCED) < 49) {
                    assertThat(System.nanoTime()).as("streams reached the edge: %s", streams).isLessThan(deadline);
                    Thread.sleep(10);
                }
                release.countDown();
                for (CompletableFuture<HttpResponse<byte[]>> stream : streams) {
                    HttpResponse<byte[]> response = stream.get(20, TimeUnit.SECONDS);
                    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                    assertThat(response.body()).hasSize(3000);
                }
                assertThat(origin.count(PART)).isEqualTo(1);

                HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(certificate)).build();
                HttpResponse<InputStream> overH1 = h1.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(overH1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                try (InputStream body = overH1.body()) {
                    assertThat(body.readAllBytes()).hasSize(3000);
                }
            }
        }
    }

    private static FakeOrigin servingAPart() throws Exception {
        FakeOrigin origin = new FakeOrigin();
        origin.on(PART, exchange -> FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=31536000, immutable",
                new byte[3000]));
        return origin;
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("edge", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
