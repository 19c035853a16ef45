package com.courtcast.loadtest.edge;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What all viewers of a {@link ViewerFleet} did, written from its event loops and read by the
 * benchmark's thread. Failures stop counting once the fleet stops: closing connections is no
 * fault of the server.
 */
final class ViewerTally {

    /** A part download that completed: its file name and the time of its last byte. */
    record Delivery(String file, long nanoTime) {}

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder unproducedHints = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private volatile boolean counting = true;
    private volatile String lastError;

    void requested() {
        requests.increment();
    }

    void delivered(String file, long nanoTime) {
        deliveries.add(new Delivery(file, nanoTime));
    }

    void connected() {
        connects.increment();
    }

    void unproducedHint() {
        unproducedHints.increment();
    }

    void failed(String why) {
        if (counting) {
            errors.increment();
            lastError = why;
        }
    }

    void stop() {
        counting = false;
    }

    boolean counting() {
        return counting;
    }

    Queue<Delivery> deliveries() {
        return deliveries;
    }

    long requests() {
        return requests.sum();
    }

    long errors() {
        return errors.sum();
    }

    long unproducedHints() {
        return unproducedHints.sum();
    }

    long connects() {
        return connects.sum();
    }

    String lastError() {
        return lastError;
    }
}
