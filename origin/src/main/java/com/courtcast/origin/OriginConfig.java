package com.courtcast.origin;

import com.courtcast.common.config.Settings;
import java.time.Duration;

/**
 * Everything the origin can be told, with safe defaults. Keys are {@code origin.*} in the
 * configuration file, {@code COURTCAST_ORIGIN_*} in the environment.
 *
 * @param liveWindow how far back a live playlist reaches (sliding window)
 * @param window {@code sliding} (the live window) or {@code whole-event} (DVR: a viewer can go back
 *     to the start of the hearing while it is live)
 * @param reconnectGrace how long a live playlist waits for its encoder to come back before it ends
 * @param memorySegments recorded segments per rendition still held in memory (older ones are served
 *     from the recording); parts are served from memory only
 * @param recording whether hearings are recorded under the data directory
 * @param maxWaitingRequests blocking playlist and preload-hint requests held per rendition before
 *     further ones are refused with 503
 */
public record OriginConfig(Duration liveWindow, WindowMode window, Duration reconnectGrace, int memorySegments,
                           boolean recording, int maxWaitingRequests) {

    /** What a live media playlist lists. */
    public enum WindowMode { SLIDING, WHOLE_EVENT }

    /** Whether hearings are recorded. */
    public enum Recording { ON, OFF }

    public static final Duration DEFAULT_LIVE_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(30);
    /** Enough to cover the parts a playlist lists (3 target durations) plus late requests for them. */
    public static final int DEFAULT_MEMORY_SEGMENTS = 6;
    public static final int DEFAULT_MAX_WAITING_REQUESTS = 50_000;

    public static OriginConfig defaults() {
        return from(Settings.empty());
    }

    public static OriginConfig from(Settings settings) {
        return new OriginConfig(
                settings.duration("origin.liveWindow", DEFAULT_LIVE_WINDOW, Duration.ofSeconds(30), Duration.ofHours(24)),
                settings.enumValue("origin.window", WindowMode.SLIDING),
                settings.duration("origin.reconnectGrace", DEFAULT_RECONNECT_GRACE, Duration.ZERO, Duration.ofHours(1)),
                settings.integer("origin.memorySegments", DEFAULT_MEMORY_SEGMENTS, 2, 10_000),
                settings.enumValue("origin.recording", Recording.ON) == Recording.ON,
                settings.integer("origin.maxWaitingRequests", DEFAULT_MAX_WAITING_REQUESTS, 1, 10_000_000));
    }
}
