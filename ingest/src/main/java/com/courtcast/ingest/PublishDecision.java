package com.courtcast.ingest;

/** The answer to a {@link PublishRequest}. */
public sealed interface PublishDecision {

    /** Publish under the public name {@code streamName} (which never reveals the key). */
    record Allow(String streamName) implements PublishDecision {}

    /** Refuse; {@code reason} is told to the encoder and logged, so it must not contain secrets. */
    record Deny(String reason) implements PublishDecision {}
}
