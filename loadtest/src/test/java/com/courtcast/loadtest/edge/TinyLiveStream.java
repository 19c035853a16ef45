package com.courtcast.loadtest.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live LL-HLS stream on 127.0.0.1, served by the JDK's HTTP server: a part every
 * {@code partMillis}, {@link #PARTS_PER_SEGMENT} to a segment, blocking playlist reloads and part
 * requests held until the part exists, as CourtCast's origin does, and parts named by a running
 * sequence, so the hinted part always comes.
 */
final class TinyLiveStream implements AutoCloseable {

    static final int PARTS_PER_SEGMENT = 3;
    static final int PART_BYTES = 3000;
    static final String PLAYLIST = "/live/t/source.m3u8";
    private static final Pattern PART = Pattern.compile("/live/t/source-t-part(\\d+)\\.m4s");
    private static final Pattern BLOCKING = Pattern.compile("_HLS_msn=(\\d+)&_HLS_part=(\\d+)");

    private final HttpServer server;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final Object lock = new Object();
    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
    private PartPosition latest = new PartPosition(0, 0);

    TinyLiveStream(long partMillis) throws IOException {
        producedAt.put(file(sequence(latest)), System.nanoTime());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/live/t/", this::serve);
        server.start();
        clock.scheduleAtFixedRate(this::produce, partMillis, partMillis, TimeUnit.MILLISECONDS);
    }

    String playlistUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PLAYLIST;
    }

    /** When each part was produced ({@link System#nanoTime()}), by file name. */
    Map<String, Long> producedAt() {
        return producedAt;
    }

    /** The client sockets that connected so far. */
    Set<InetSocketAddress> clients() {
        return clients;
    }

    private void produce() {
        synchronized (lock) {
            latest = latest.index() + 1 < PARTS_PER_SEGMENT ? latest.next() : new PartPosition(latest.msn() + 1, 0);
            producedAt.put(file(sequence(latest)), System.nanoTime());
            lock.notifyAll();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        clients.add(exchange.getRemoteAddress());
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            Matcher part = PART.matcher(path);
            if (path.equals(PLAYLIST)) {
                Matcher blocking = BLOCKING.matcher(query == null ? "" : query);
                if (blocking.find()) {
                    PartPosition asked = new PartPosition(Long.parseLong(blocking.group(1)),
                            Integer.parseInt(blocking.group(2)));
                    // Past a segment's last part means the next segment's first (RFC 8216bis 6.2.5.2).
                    awaitPast(asked.index() < PARTS_PER_SEGMENT ? asked : new PartPosition(asked.msn() + 1, 0));
                }
                send(exchange, 200, playlist().getBytes(StandardCharsets.UTF_8));
            } else if (part.matches()) {
                long sequence = Long.parseLong(part.group(1));
                awaitPast(new PartPosition(sequence / PARTS_PER_SEGMENT, (int) (sequence % PARTS_PER_SEGMENT)));
                send(exchange, 200, new byte[PART_BYTES]);
            } else {
                send(exchange, 404, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code name} or a later part exists. */
    private void awaitPast(PartPosition name) throws InterruptedException {
        synchronized (lock) {
            while (latest.compareTo(name) < 0) {
                lock.wait();
            }
        }
    }

    private String playlist() {
        PartPosition now;
        synchronized (lock) {
            now = latest;
        }
        long first = Math.max(0, now.msn() - 1);
        List<String> lines = new ArrayList<>(List.of("#EXTM3U", "#EXT-X-VERSION:9", "#EXT-X-TARGETDURATION:1",
                "#EXT-X-PART-INF:PART-TARGET=0.05", "#EXT-X-MEDIA-SEQUENCE:" + first));
        for (long msn = first; msn <= now.msn(); msn++) {
            int last = msn < now.msn() ? PARTS_PER_SEGMENT - 1 : now.index();
            for (int i = 0; i <= last; i++) {
                lines.add("#EXT-X-PART:DURATION=0.05,URI=\"" + file(sequence(new PartPosition(msn, i))) + "\"");
            }
            if (msn < now.msn()) {
                lines.add("#EXTINF:" + 0.05 * PARTS_PER_SEGMENT + ",");
                lines.add("source-t-" + msn + ".m4s");
            }
        }
        lines.add("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + file(sequence(now) + 1) + "\"");
        return String.join("\n", lines) + "\n";
    }

    private static long sequence(PartPosition position) {
        return position.msn() * PARTS_PER_SEGMENT + position.index();
    }

    static String file(long sequence) {
        return "source-t-part" + sequence + ".m4s";
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        server.stop(0);
    }
}
