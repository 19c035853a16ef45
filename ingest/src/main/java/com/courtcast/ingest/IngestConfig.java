package com.courtcast.ingest;

import com.courtcast.common.config.Settings;
import com.courtcast.ingest.live.FanOutLimits;
import com.courtcast.ingest.live.TakeoverPolicy;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import com.courtcast.ingest.rtmp.chunk.ChunkLimits;
import java.time.Duration;

/**
 * Everything the RTMP ingest can be told, with safe defaults. Keys are {@code ingest.*} in the
 * configuration file, {@code COURTCAST_INGEST_*} in the environment.
 *
 * @param bindHost address to listen on
 * @param port RTMP port (0 picks a free one)
 * @param app the RTMP application encoders connect to ({@code rtmp://host/live})
 * @param maxConnections open RTMP connections past which new ones are closed at once
 * @param handshakeTimeout how long a new connection has to complete the handshake
 * @param publishSilenceTimeout how long a publisher may send no media before it is dropped
 * @param publishStartTimeout how long a connection may stay open without publishing
 * @param outgoingChunkSize the chunk size we announce and send with
 * @param windowAckSize the acknowledgement window we ask the encoder for
 * @param maxStreamsPerConnection createStream calls one connection may make
 * @param eventLoopThreads threads serving RTMP connections
 * @param wakeupCoalescing how long a busy event loop gathers readable sockets before polling
 *        them, instead of waking per packet (0 turns it off); see {@link com.courtcast.ingest.rtmp.WakeupCoalescing}
 */
public record IngestConfig(
        String bindHost, int port, String app, int maxConnections, Duration handshakeTimeout,
        Duration publishSilenceTimeout, Duration publishStartTimeout, ChunkLimits chunkLimits, int outgoingChunkSize, int windowAckSize,
        int maxStreamsPerConnection, AmfLimits amfLimits, TakeoverPolicy takeoverPolicy, FanOutLimits fanOutLimits,
        int eventLoopThreads, Duration wakeupCoalescing) {

    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 1935;
    public static final String DEFAULT_APP = "live";
    public static final int DEFAULT_MAX_CONNECTIONS = 2_000;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Encoders may hold the first video back ~2 s (x264 lookahead), so keep this well above that. */
    public static final Duration DEFAULT_PUBLISH_SILENCE_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PUBLISH_START_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_OUTGOING_CHUNK_SIZE = 60_000;
    public static final int DEFAULT_WINDOW_ACK_SIZE = 2_500_000;
    public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 8;
    /**
     * One event loop per core: ingest work is short and non-blocking, and fewer loops mean each
     * epoll wake-up serves more connections (measured: less CPU per stream than Netty's 2x cores).
     */
    public static final int DEFAULT_EVENT_LOOP_THREADS = Runtime.getRuntime().availableProcessors();
    /**
     * Media waits at most this much longer in the socket; in exchange a loaded event loop wakes
     * about once per window instead of once per arriving packet.
     */
    public static final Duration DEFAULT_WAKEUP_COALESCING = Duration.ofMillis(1);

    public static IngestConfig defaults() {
        return from(Settings.empty());
    }

    public static IngestConfig from(Settings settings) {
        return new IngestConfig(
                settings.string("ingest.bindHost", DEFAULT_BIND_HOST),
                settings.integer("ingest.port", DEFAULT_PORT, 0, 65535),
                settings.string("ingest.app", DEFAULT_APP),
                settings.integer("ingest.maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                settings.duration("ingest.handshakeTimeout", DEFAULT_HANDSHAKE_TIMEOUT,
                        Duration.ofMillis(100), Duration.ofMinutes(5)),
                settings.duration("ingest.publishSilenceTimeout", DEFAULT_PUBLISH_SILENCE_TIMEOUT,
                        Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.duration("ingest.publishStartTimeout", DEFAULT_PUBLISH_START_TIMEOUT,
                        Duration.ofSeconds(1), Duration.ofHours(1)),
                new ChunkLimits(
                        settings.integer("ingest.maxChunkSize", ChunkLimits.DEFAULT_MAX_CHUNK_SIZE, 128, 1 << 24),
                        settings.integer("ingest.maxMessageSize", ChunkLimits.DEFAULT_MAX_MESSAGE_SIZE, 1024, 1 << 28),
                        settings.integer("ingest.maxChunkStreams", ChunkLimits.DEFAULT_MAX_CHUNK_STREAMS, 4, 65_599),
                        settings.integer("ingest.maxPendingBytes", ChunkLimits.DEFAULT_MAX_PENDING_BYTES, 1024, 1 << 30)),
                settings.integer("ingest.outgoingChunkSize", DEFAULT_OUTGOING_CHUNK_SIZE, 128, 1 << 24),
                settings.integer("ingest.windowAckSize", DEFAULT_WINDOW_ACK_SIZE, 4096, Integer.MAX_VALUE),
                settings.integer("ingest.maxStreamsPerConnection", DEFAULT_MAX_STREAMS_PER_CONNECTION, 1, 1024),
                new AmfLimits(
                        settings.integer("ingest.amf.maxDepth", AmfLimits.DEFAULT_MAX_DEPTH, 1, 1024),
                        settings.integer("ingest.amf.maxElements", AmfLimits.DEFAULT_MAX_ELEMENTS, 16, 10_000_000),
                        settings.integer("ingest.amf.maxStringBytes", AmfLimits.DEFAULT_MAX_STRING_BYTES, 256, 1 << 28)),
                settings.enumValue("ingest.takeover", TakeoverPolicy.TAKE_OVER),
                new FanOutLimits(
                        settings.integer("ingest.consumerQueueFrames", FanOutLimits.DEFAULT_MAX_QUEUED_FRAMES, 1, 1_000_000),
                        settings.longValue("ingest.consumerQueueBytes", FanOutLimits.DEFAULT_MAX_QUEUED_BYTES, 1, 1L << 34)),
                settings.integer("ingest.eventLoopThreads", DEFAULT_EVENT_LOOP_THREADS, 1, 1024),
                settings.duration("ingest.wakeupCoalescing", DEFAULT_WAKEUP_COALESCING,
                        Duration.ZERO, Duration.ofMillis(50)));
    }

    /** A copy listening on {@code host:port}. */
    public IngestConfig withAddress(String host, int newPort) {
        return new IngestConfig(host, newPort, app, maxConnections, handshakeTimeout, publishSilenceTimeout,
                publishStartTimeout, chunkLimits, outgoingChunkSize, windowAckSize, maxStreamsPerConnection, amfLimits,
                takeoverPolicy, fanOutLimits, eventLoopThreads, wakeupCoalescing);
    }
}
