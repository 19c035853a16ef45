package com.courtcast.loadtest.rtmp;

import com.courtcast.ingest.rtmp.amf.EcmaArray;
import com.courtcast.ingest.rtmp.chunk.ChunkDecoder;
import com.courtcast.ingest.rtmp.chunk.ChunkEncoder;
import com.courtcast.ingest.rtmp.chunk.ChunkLimits;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import com.courtcast.ingest.rtmp.message.MessageDecoder;
import com.courtcast.ingest.rtmp.message.MessageEncoder;
import com.courtcast.ingest.rtmp.message.RtmpMessage;
import com.courtcast.loadtest.flv.FlvFile;
import com.courtcast.loadtest.flv.FlvTag;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One simulated encoder: connects, publishes, then replays the shared {@link FlvFile} at real time
 * until stopped.
 *
 * <p>Design: everything runs on the channel's event loop. After {@code NetStream.Publish.Start} it
 * sends Set Chunk Size 4096 and {@code @setDataFrame onMetaData} as FFmpeg does, then the codec
 * configurations, then hands the frames to a {@link ReplayPacer}, pumping whatever is due and
 * scheduling itself for the next due frame (or waking when the channel drains). Frames go out as
 * retained slices of the file, so a publisher holds no copy of the media.
 */
final class ReplayPublisher implements PublishListener {

    static final int CHUNK_SIZE = 4096;
    private static final double FC_UNPUBLISH = 6;
    private static final double DELETE_STREAM = 7;

    private final PublishTarget target;
    private final FlvFile file;
    private final LongSupplier nanoClock;
    private final long maxLagMillis;
    private final PublisherStats stats = new PublisherStats();
    private volatile Channel channel; // set on one event loop, read by the benchmark thread
    private ReplayPacer pacer;
    private ScheduledFuture<?> pumpTask;
    private int streamId;
    private boolean stopped;

    ReplayPublisher(PublishTarget target, FlvFile file, LongSupplier nanoClock, long maxLagMillis) {
        this.target = target;
        this.file = file;
        this.nanoClock = nanoClock;
        this.maxLagMillis = maxLagMillis;
    }

    /** Opens the connection; the handshake and publish follow on their own. */
    ChannelFuture connect(Bootstrap template) {
        ChannelFuture connecting = template.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                channel = ch; // on the channel's own event loop, before any of its events
                ChannelPipeline pipeline = ch.pipeline();
                pipeline.addLast("handshake", new ClientHandshakeHandler());
                pipeline.addLast("chunk-decoder", new ChunkDecoder(ChunkLimits.DEFAULTS));
                pipeline.addLast("chunk-encoder", new ChunkEncoder());
                pipeline.addLast("message-decoder", new MessageDecoder(new Amf0Decoder(AmfLimits.DEFAULTS)));
                pipeline.addLast("message-encoder", new MessageEncoder());
                pipeline.addLast("session", new PublishSessionHandler(target, ReplayPublisher.this));
                pipeline.addLast("writability", new WritabilityWatcher());
            }
        }).connect(target.host(), target.port());
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                stats.failed("connect failed: " + f.cause());
            }
        });
        return connecting;
    }

    void resetMaxLate() {
        stats.resetMaxLate();
    }

    PublisherCounts counts() {
        return stats.snapshot();
    }

    @Override
    public void publishing(int newStreamId) {
        streamId = newStreamId;
        stats.published();
        channel.write(new RtmpMessage.SetChunkSize(CHUNK_SIZE));
        if (!file.metadata().isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, ?> properties = (Map<String, ?>) file.metadataProperties();
            channel.write(new RtmpMessage.Data(streamId, 0,
                    List.of("@setDataFrame", "onMetaData", new EcmaArray(properties))));
        }
        for (FlvTag config : file.configTags()) {
            channel.write(new RtmpMessage.Media(config.track(), streamId, 0, config.retainedBody()));
        }
        channel.flush();
        pacer = new ReplayPacer(file.frames(), file.loopDurationMillis(), nanoClock.getAsLong(), maxLagMillis);
        pump();
    }

    /** Sends every frame that is due, then sleeps until the next one is. */
    private void pump() {
        pumpTask = null;
        if (stopped || !channel.isActive()) {
            return;
        }
        long now = nanoClock.getAsLong();
        boolean unflushed = false;
        while (true) {
            long due = pacer.dueNanos();
            switch (pacer.next(now, channel.isWritable())) {
                case ReplayPacer.Action.Send send -> {
                    FlvTag tag = send.tag();
                    channel.write(new RtmpMessage.Media(tag.track(), streamId, send.timestampMillis(),
                            tag.retainedBody()), channel.voidPromise());
                    stats.sent(tag.track(), tag.size(), now - due);
                    unflushed = true;
                    if (!channel.isWritable()) {
                        channel.flush(); // the socket usually takes it all at once, and we go on
                        unflushed = false;
                    }
                }
                case ReplayPacer.Action.Drop drop -> stats.dropped(drop.videoFrames(), drop.audioFrames());
                case ReplayPacer.Action.Wait wait -> {
                    if (unflushed) {
                        channel.flush();
                    }
                    pumpTask = channel.eventLoop().schedule(this::pump, wait.nanos(), TimeUnit.NANOSECONDS);
                    return;
                }
            }
        }
    }

    /** Stops sending frames; the future completes once everything written has reached the socket. */
    Future<Void> stopSending() {
        if (channel == null) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }
        Promise<Void> drained = channel.eventLoop().newPromise();
        channel.eventLoop().execute(() -> {
            stopped = true;
            if (pumpTask != null) {
                pumpTask.cancel(false);
                pumpTask = null;
            }
            if (channel.isActive()) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> drained.trySuccess(null));
            } else {
                drained.trySuccess(null);
            }
        });
        return drained;
    }

    /** Unpublishes as FFmpeg does on exit (FCUnpublish, deleteStream) and closes. */
    Future<Void> close() {
        if (channel == null) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }
        channel.eventLoop().execute(() -> {
            stopped = true;
            if (channel.isActive() && pacer != null) {
                channel.write(new RtmpMessage.Command(0, "FCUnpublish", FC_UNPUBLISH, null, List.of(target.streamKey())));
                channel.writeAndFlush(new RtmpMessage.Command(0, "deleteStream", DELETE_STREAM, null,
                        List.of((double) streamId)));
            }
            channel.close();
        });
        return channel.closeFuture();
    }

    @Override
    public void failed(String reason) {
        stats.failed(reason);
    }

    @Override
    public void closed() {
        if (!stopped) {
            stats.failed(pacer == null ? "connection closed before publishing" : "connection closed while publishing");
        }
        stopped = true;
    }

    /** Resumes pumping as soon as the channel can take bytes again. */
    private final class WritabilityWatcher extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable() && pacer != null && !stopped) {
                if (pumpTask != null) {
                    pumpTask.cancel(false);
                }
                pump();
            }
            super.channelWritabilityChanged(ctx);
        }
    }
}
