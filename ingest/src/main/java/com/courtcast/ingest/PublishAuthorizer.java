package com.courtcast.ingest;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether an encoder may publish, and under which public stream name.
 *
 * <p>Asynchronous so a decision may consult a database or another service without blocking the
 * ingest event loop; the session waits for the answer before accepting media.
 */
@FunctionalInterface
public interface PublishAuthorizer {

    CompletionStage<PublishDecision> authorize(PublishRequest request);
}
