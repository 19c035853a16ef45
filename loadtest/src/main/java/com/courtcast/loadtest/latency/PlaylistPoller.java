package com.courtcast.loadtest.latency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Fetches a live media playlist every {@link #INTERVAL} (plain GETs, no blocking reload: the same
 * client for every server) and feeds each answer to a {@link ListingLog}, stamped with the time it
 * was received. A part therefore counts as seen up to one interval plus one request after it was
 * listed; {@link #requestMillis()} tells how long requests took. Stops by itself after
 * {@code maxRunTime}; loopback only.
 */
final class PlaylistPoller implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final ListingLog log;
    private final Duration maxRunTime;
    private final Thread thread;
    private final List<Double> requestMillis = new ArrayList<>();
    private volatile boolean stopped;
    private long polls;
    private long failures;
    private String lastFailure;

    PlaylistPoller(String name, URI uri, ListingLog log, Duration maxRunTime) {
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("polls loopback only, not " + uri);
        }
        this.uri = uri;
        this.log = log;
        this.maxRunTime = maxRunTime;
        this.thread = Thread.ofPlatform().name("poll-" + name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        long start = System.nanoTime();
        long deadline = start + maxRunTime.toNanos();
        long next = start;
        while (!stopped && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                Instant received = Instant.now();
                long took = System.nanoTime() - sent;
                synchronized (this) {
                    polls++;
                    requestMillis.add(took / 1e6);
                    if (response.statusCode() == 200) {
                        log.observe(received, MediaPlaylist.parse(response.body()));
                    } else {
                        failures++;
                        lastFailure = "HTTP " + response.statusCode();
                    }
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    polls++;
                    failures++;
                    lastFailure = e.toString();
                }
            } catch (InterruptedException e) {
                return;
            }
            // Fixed rate; a late poll is not made up for with a burst.
            next += INTERVAL.toNanos();
            long now = System.nanoTime();
            if (next < now) {
                next = now;
            }
            LockSupport.parkNanos(next - now);
        }
    }

    synchronized List<ListingLog.Listing> listings() {
        return log.listings();
    }

    synchronized List<Double> lagsMillis(Instant from, Instant to) {
        return log.lagsMillis(from, to);
    }

    synchronized long polls() {
        return polls;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized String lastFailure() {
        return lastFailure;
    }

    /** How long each poll's request took, in ms. */
    synchronized Distribution requestMillis() {
        return Distribution.of(requestMillis);
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
