package com.courtcast.common.media;

import java.time.Instant;
import java.util.Map;

/**
 * What flows from a publisher to every consumer of a live stream, in order.
 *
 * <p>A stream outlives its publishers: an encoder that reconnects (or is taken over by a second
 * encoder) produces {@link PublishEnded} followed by a new {@link PublishStarted} on the same
 * stream, so downstream packagers can mark a discontinuity instead of starting over.
 */
public sealed interface MediaEvent
        permits MediaEvent.PublishStarted, MediaEvent.ConfigChanged, MediaEvent.Metadata,
                AccessUnit, MediaEvent.PublishEnded {

    /**
     * A publisher began sending media for the stream.
     *
     * @param streamName the public stream name (never the stream key)
     * @param publishId a random identifier unique to this publish, safe to put in media names
     * @param startedAt wall-clock time the publish started, for PROGRAM-DATE-TIME mapping
     */
    record PublishStarted(String streamName, String publishId, Instant startedAt) implements MediaEvent {}

    /** A track's decoder configuration arrived or changed; later access units of that track use it. */
    record ConfigChanged(CodecConfig config) implements MediaEvent {}

    /** The publisher's {@code onMetaData} properties (encoder name, declared bitrates, ...). */
    record Metadata(Map<String, Object> properties) implements MediaEvent {}

    /** The publisher stopped; {@code reason} says why (unpublished, disconnected, taken over, ...). */
    record PublishEnded(String streamName, String publishId, String reason) implements MediaEvent {}
}
