package com.courtcast.common.media;

/**
 * A consumer of one live stream's media (packager, transcoder, recorder, statistics, ...).
 *
 * <p>Events arrive in publish order on the consumer's own delivery thread, never on the ingest
 * event loop; a slow sink only loses its own frames (see the ingest fan-out). Payloads are
 * borrowed for the duration of the call, see {@link AccessUnit}.
 */
@FunctionalInterface
public interface MediaSink {

    void onEvent(MediaEvent event);
}
