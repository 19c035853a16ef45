package com.courtcast.loadtest.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Learns when each part becomes available at the origin: one client asks the origin itself for
 * the media playlist with blocking reload, always for the next part, so each answer arrives the
 * moment the origin lists that part (CourtCast answers within a few milliseconds of the change).
 * The first time a part URI appears, the probe notes the time.
 */
public final class PartAvailabilityProbe implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String playlistUrl;
    private final Map<String, Long> availableAt = new ConcurrentHashMap<>();
    private final Map<PartPosition, Long> availableAtPosition = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    /** Starts probing {@code playlistUrl} (the origin's media playlist, no query). */
    public PartAvailabilityProbe(String playlistUrl) {
        this.playlistUrl = playlistUrl;
        this.thread = Thread.ofPlatform().name("part-availability-probe").daemon(true).start(this::run);
    }

    private void run() {
        String query = null;
        while (running) {
            try {
                String playlist = get(query == null ? playlistUrl : playlistUrl + "?" + query);
                long now = System.nanoTime();
                List<PlaylistParts.Listed> listed = PlaylistParts.listed(playlist);
                for (PlaylistParts.Listed part : listed) {
                    availableAt.putIfAbsent(file(part.uri()), now);
                    availableAtPosition.putIfAbsent(part.position(), now);
                }
                boolean more = PlaylistParts.preloadHint(playlist) != null && !listed.isEmpty();
                query = more ? listed.getLast().position().next().blockingQuery() : null;
            } catch (IOException e) {
                failure = e;
                query = null;
                sleep();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        requests.incrementAndGet();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file name of a part URI: edges and origin list the same names, whatever the query. */
    public static String file(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** When each part was first seen listed at the origin ({@link System#nanoTime()}), by file name. */
    public Map<String, Long> availableAt() {
        return availableAt;
    }

    /** When each part was first seen listed at the origin ({@link System#nanoTime()}), by its place. */
    public Map<PartPosition, Long> availableAtPosition() {
        return availableAtPosition;
    }

    /** Playlist requests the probe made (the origin counts them too). */
    public long requests() {
        return requests.get();
    }

    public Exception lastFailure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        client.shutdownNow();
    }
}
