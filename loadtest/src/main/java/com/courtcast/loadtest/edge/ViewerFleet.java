package com.courtcast.loadtest.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated LL-HLS viewers of one media playlist, each behaving as hls.js does in low-latency
 * mode once it is live: for the part the playlist hints next, it asks at once both for that part
 * (the server holds the request until the part is complete) and for the playlist that will list
 * it (a blocking reload); each new playlist names the next hint. Every completed part download is
 * logged with its time, so the benchmark can compare it with the part's availability at the
 * origin.
 *
 * <p>Viewers share a few HTTP/1.1 clients (each its own selector thread); each viewer keeps two
 * requests in flight, so an edge sees two connections per viewer, as from a browser.
 */
final class ViewerFleet implements AutoCloseable {

    /** A part download that completed. */
    record Delivery(String file, long nanoTime) {}

    private static final int VIEWERS_PER_CLIENT = 250;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long RETRY_DELAY_MILLIS = 200;

    private final String playlistUrl;
    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("viewer-retries").daemon(true).factory());
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong unproducedHints = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastError;

    ViewerFleet(String playlistUrl) {
        this.playlistUrl = playlistUrl;
    }

    /** Starts {@code count} viewers spread evenly over {@code rampUp}. */
    void start(int count, Duration rampUp) {
        long spacingNanos = count <= 1 ? 0 : rampUp.toNanos() / count;
        for (int i = 0; i < count; i++) {
            if (i % VIEWERS_PER_CLIENT == 0) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                        .connectTimeout(REQUEST_TIMEOUT).build());
            }
            HttpClient client = clients.getLast();
            retries.schedule(() -> new Viewer(client).join(), i * spacingNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Part downloads completed so far, in no particular order. */
    Queue<Delivery> deliveries() {
        return deliveries;
    }

    long requests() {
        return requests.get();
    }

    long errors() {
        return errors.get();
    }

    /** Hinted parts the server answered 404 for: their segment ended before them. */
    long unproducedHints() {
        return unproducedHints.get();
    }

    String lastError() {
        return lastError;
    }

    /** One viewer: a chain of blocking playlist reloads, and a part download per hint. */
    private final class Viewer {

        private final HttpClient client;
        /** The newest part asked for; playlist answers arrive one at a time, in order. */
        private volatile PartName lastRequested;

        Viewer(HttpClient client) {
            this.client = client;
        }

        void join() {
            get(playlistUrl, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                String hint = ok(response, error) ? PartName.preloadHint(response.body()) : null;
                if (hint == null) {
                    retryLater(this::join);
                } else {
                    follow(hint);
                }
            });
        }

        private void follow(String hint) {
            if (!running) {
                return;
            }
            PartName next = PartName.of(hint);
            if (next == null) {
                failed("hint " + hint + " is not a part name");
                retryLater(this::join);
                return;
            }
            lastRequested = next;
            fetchPart(hint);
            get(playlistUrl + "?" + next.blockingQuery(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        String nextHint = ok(response, error) ? PartName.preloadHint(response.body()) : null;
                        if (nextHint == null || nextHint.equals(hint)) {
                            retryLater(this::join);
                        } else {
                            fetchMissed(response.body());
                            follow(nextHint);
                        }
                    });
        }

        /**
         * Parts listed after the last one asked for: a hint that named a part its segment never
         * had (404) leaves the next segment's first part unasked, and hls.js loads it from the list.
         */
        private void fetchMissed(String playlist) {
            for (String uri : PartName.parts(playlist)) {
                PartName listed = PartName.of(uri);
                if (listed != null && lastRequested != null && listed.compareTo(lastRequested) > 0) {
                    lastRequested = listed;
                    fetchPart(uri);
                }
            }
        }

        private void fetchPart(String uri) {
            get(resolve(uri), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                // A segment may end before the part it hinted: the server answers 404 (RFC 8216bis 6.2.6).
                if (error == null && response.statusCode() == 404) {
                    unproducedHints.incrementAndGet();
                } else if (ok(response, error)) {
                    deliveries.add(new Delivery(PartAvailabilityProbe.file(uri), System.nanoTime()));
                }
            });
        }

        private <T> CompletableFuture<HttpResponse<T>> get(String url, HttpResponse.BodyHandler<T> body) {
            requests.incrementAndGet();
            return client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).build(), body);
        }

        private boolean ok(HttpResponse<?> response, Throwable error) {
            if (error != null) {
                failed(error.toString());
                return false;
            }
            if (response.statusCode() != 200) {
                failed("GET " + response.uri() + " answered " + response.statusCode());
                return false;
            }
            return true;
        }

        private void failed(String why) {
            if (running) {
                errors.incrementAndGet();
                lastError = why;
            }
        }

        private void retryLater(Runnable action) {
            if (running) {
                retries.schedule(action, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private String resolve(String uri) {
        return URI.create(playlistUrl).resolve(uri).toString();
    }

    @Override
    public void close() {
        running = false;
        retries.shutdownNow();
        clients.forEach(HttpClient::shutdownNow);
        callbacks.shutdownNow();
    }
}
