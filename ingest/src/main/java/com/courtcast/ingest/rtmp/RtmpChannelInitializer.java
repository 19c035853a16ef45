package com.courtcast.ingest.rtmp;

import com.courtcast.ingest.IngestConfig;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.PublishAuthorizer;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.chunk.ChunkDecoder;
import com.courtcast.ingest.rtmp.chunk.ChunkEncoder;
import com.courtcast.ingest.rtmp.handshake.HandshakeHandler;
import com.courtcast.ingest.rtmp.message.MessageDecoder;
import com.courtcast.ingest.rtmp.message.MessageEncoder;
import com.courtcast.ingest.rtmp.session.InboundByteCounter;
import com.courtcast.ingest.rtmp.session.ProtocolControlHandler;
import com.courtcast.ingest.rtmp.session.RtmpSessionHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.function.LongSupplier;

/**
 * Orders the handlers of one RTMP connection, layer by layer:
 * bytes -> handshake (removes itself) -> chunks -> messages -> protocol control -> session,
 * and back out through message and chunk encoders.
 */
public final class RtmpChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final IngestConfig config;
    private final PublishAuthorizer authorizer;
    private final LiveStreamRegistry registry;
    private final IngestMetrics metrics;
    private final LongSupplier nanoClock;
    private final ConnectionLimiter connectionLimiter;
    private final Amf0Decoder amf;

    public RtmpChannelInitializer(IngestConfig config, PublishAuthorizer authorizer, LiveStreamRegistry registry,
                                  IngestMetrics metrics, LongSupplier nanoClock) {
        this.config = config;
        this.authorizer = authorizer;
        this.registry = registry;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.connectionLimiter = new ConnectionLimiter(config.maxConnections(), metrics);
        this.amf = new Amf0Decoder(config.amfLimits());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        InboundByteCounter counter = new InboundByteCounter();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("connection-limit", connectionLimiter);
        pipeline.addLast("byte-counter", counter);
        pipeline.addLast("handshake", new HandshakeHandler(config.handshakeTimeout(), () -> { }));
        pipeline.addLast("chunk-encoder", new ChunkEncoder());
        pipeline.addLast("chunk-decoder", new ChunkDecoder(config.chunkLimits()));
        pipeline.addLast("message-encoder", new MessageEncoder());
        pipeline.addLast("message-decoder", new MessageDecoder(amf));
        pipeline.addLast("protocol-control", new ProtocolControlHandler(counter));
        pipeline.addLast("session", new RtmpSessionHandler(config, authorizer, registry, metrics, nanoClock, counter));
    }
}
