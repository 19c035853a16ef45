package com.courtcast.loadtest.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The origin behind both caches in the hit-throughput runs: one live LL-HLS media playlist of
 * about 1 KB and parts of 200 KB, with the Cache-Control CourtCast's origin sends for them
 * ({@code max-age=1} for the playlist, immutable for parts). It counts the requests that reach it,
 * so the report can show that hits were hits.
 *
 * <p>The playlist is fixed: it advertises a PRELOAD-HINT for a part this origin also serves, so an
 * edge that prefetches hinted parts finds it.
 */
final class StaticOrigin implements AutoCloseable {

    static final String STREAM = "bench";
    static final String PLAYLIST_PATH = "/live/" + STREAM + "/source.m3u8";
    static final String PART_PATH = "/live/" + STREAM + "/source-b3nch-part723.m4s";
    static final int PART_BYTES = 200 * 1024;
    static final int PLAYLIST_BYTES = 1024;
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] playlist = playlist();
    private final byte[] part = new byte[PART_BYTES];
    private final AtomicLong requests = new AtomicLong();

    private StaticOrigin(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        new Random(42).nextBytes(part);
    }

    static StaticOrigin start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        ExecutorService executor = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("static-origin-", 0)
                .daemon(true).factory());
        server.setExecutor(executor);
        StaticOrigin origin = new StaticOrigin(server, executor);
        server.createContext("/live/" + STREAM + "/", origin::handle);
        server.start();
        return origin;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(PLAYLIST_PATH)) {
                send(exchange, playlist, "application/vnd.apple.mpegurl", "public, max-age=1");
            } else if (path.endsWith(".m4s")) {
                send(exchange, part, "video/mp4", IMMUTABLE);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, byte[] body, String contentType, String cacheControl)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * A live LL-HLS media playlist shaped like CourtCast's (2 s segments of six 0.334 s parts, the
     * open segment 120 with three parts and a hint for its fourth), with as many whole segments
     * before it as fit in about {@link #PLAYLIST_BYTES}.
     */
    static byte[] playlist() {
        String open = """
                #EXT-X-PART:DURATION=0.33400,URI="source-b3nch-part720.m4s",INDEPENDENT=YES
                #EXT-X-PART:DURATION=0.33400,URI="source-b3nch-part721.m4s"
                #EXT-X-PART:DURATION=0.33400,URI="source-b3nch-part722.m4s"
                #EXT-X-PRELOAD-HINT:TYPE=PART,URI="source-b3nch-part723.m4s"
                """;
        for (int count = 20; ; count--) {
            long first = 120 - count;
            StringBuilder text = new StringBuilder("""
                    #EXTM3U
                    #EXT-X-VERSION:9
                    #EXT-X-TARGETDURATION:2
                    #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.002,CAN-SKIP-UNTIL=12
                    #EXT-X-PART-INF:PART-TARGET=0.334
                    """);
            text.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
            text.append("#EXT-X-MAP:URI=\"source-b3nch-init.mp4\"\n");
            text.append("#EXT-X-PROGRAM-DATE-TIME:2026-11-27T05:00:00.000Z\n");
            for (long msn = first; msn < 120; msn++) {
                text.append("#EXTINF:2.00000,\nsource-b3nch-").append(msn).append(".m4s\n");
            }
            text.append(open);
            if (text.length() <= PLAYLIST_BYTES || count == 0) {
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
