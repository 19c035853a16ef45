package com.courtcast.loadtest.transcode;

/** What publishes the added-latency run's stream: a file replayed at real time, or a live encoder. */
interface LivePublisher extends AutoCloseable {

    boolean isAlive();

    /** The last lines of its log, for an error message. */
    String logTail();

    @Override
    void close();
}
