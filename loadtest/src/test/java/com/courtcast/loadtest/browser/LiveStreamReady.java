package com.courtcast.loadtest.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a stream's playlist answers, so a player opened next starts on a live stream. */
final class LiveStreamReady {

    private LiveStreamReady() {
    }

    /**
     * Polls {@code url} until it answers 200. A page opened before the publisher connects gets a
     * 404 for the playlist, which hls.js reports as a fatal error the tests would count.
     */
    static void await(String url, Process publisher, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (true) {
                if (!publisher.isAlive()) {
                    throw new AssertionError("the publisher exited with " + publisher.exitValue() + " before " + url
                            + " answered");
                }
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // the server is still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(url + " did not answer 200 within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(200);
            }
        }
    }
}
