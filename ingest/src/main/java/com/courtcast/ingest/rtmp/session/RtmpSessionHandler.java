package com.courtcast.ingest.rtmp.session;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.ingest.IngestConfig;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.PublishAuthorizer;
import com.courtcast.ingest.PublishDecision;
import com.courtcast.ingest.PublishRequest;
import com.courtcast.ingest.flv.DemuxResult;
import com.courtcast.ingest.flv.FlvDemuxer;
import com.courtcast.ingest.live.LiveStream;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.live.Publisher;
import com.courtcast.ingest.rtmp.RtmpProtocolException;
import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One encoder's RTMP session after the handshake: the NetConnection and NetStream commands of a
 * publisher (connect, releaseStream, FCPublish, createStream, publish, FCUnpublish, deleteStream),
 * then its media, demuxed and handed to the live stream.
 *
 * <p>States: {@code AWAIT_CONNECT -> CONNECTED -> AUTHORIZING -> PUBLISHING}, back to
 * {@code CONNECTED} on unpublish, {@code CLOSED} at the end. Authorization is asynchronous; its
 * answer is handled back on this channel's event loop. Media arriving in any state but
 * PUBLISHING is released unread (FFmpeg and OBS wait for {@code NetStream.Publish.Start}).
 *
 * <p>The connection logs one line when it closes, with the reason that closed it.
 */
public final class RtmpSessionHandler extends ChannelInboundHandlerAdapter implements Publisher {

    private static final Logger log = LoggerFactory.getLogger(RtmpSessionHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { AWAIT_CONNECT, CONNECTED, AUTHORIZING, PUBLISHING, CLOSED }

    private final IngestConfig config;
    private final PublishAuthorizer authorizer;
    private final LiveStreamRegistry registry;
    private final IngestMetrics metrics;
    private final LongSupplier nanoClock;
    private final InboundByteCounter bytesIn;

    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_CONNECT;
    private String remoteAddress = "?";
    private long openedAtNanos;
    private int nextStreamId = 1;
    private int publishStreamId;
    private String streamName;
    private LiveStream stream;
    private FlvDemuxer demuxer;
    private final TimestampUnwrapper timestamps = new TimestampUnwrapper();
    private long lastMediaNanos;
    /**
     * Set per media message, turned into a time by the periodic check: reading the clock per
     * message cost ~5% of ingest CPU in the benchmark (the clock is a system call on some VMs).
     */
    private boolean mediaSinceLastCheck;
    /** When the connection last started waiting for a publish (open, or an unpublish). */
    private long idleSinceNanos;
    private ScheduledFuture<?> timeoutCheck;
    private String closeReason;

    public RtmpSessionHandler(IngestConfig config, PublishAuthorizer authorizer, LiveStreamRegistry registry,
                              IngestMetrics metrics, LongSupplier nanoClock, InboundByteCounter bytesIn) {
        this.config = config;
        this.authorizer = authorizer;
        this.registry = registry;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.bytesIn = bytesIn;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        openedAtNanos = nanoClock.getAsLong();
        idleSinceNanos = openedAtNanos;
        scheduleTimeoutCheck();
        if (context.channel().remoteAddress() != null) {
            remoteAddress = context.channel().remoteAddress().toString().replaceFirst("^/", "");
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof RtmpMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        switch (message) {
            case RtmpMessage.Media media -> onMedia(media);
            case RtmpMessage.Command command -> onCommand(command);
            case RtmpMessage.Data data -> onData(data);
            default -> { }
        }
    }

    // ---- commands ---------------------------------------------------------------------------

    private void onCommand(RtmpMessage.Command command) {
        switch (command.name()) {
            case "connect" -> onConnect(command);
            case "releaseStream", "FCPublish" -> replyResult(command, null);
            case "createStream" -> onCreateStream(command);
            case "publish" -> onPublish(command);
            case "FCUnpublish", "deleteStream", "closeStream" -> onUnpublish(command);
            case "play", "play2" -> {
                sendStatus(command.messageStreamId(), "error", "NetStream.Play.Failed",
                        "this server takes publishers only; watch the stream over HLS");
                close("tried to play over RTMP", "play_refused");
            }
            default -> {
                if (command.transactionId() != 0) {
                    send(new RtmpMessage.Command(command.messageStreamId(), "_error", command.transactionId(), null,
                            List.of(status("error", "NetConnection.Call.Failed",
                                    "unknown command " + command.name()))));
                }
            }
        }
    }

    private void onConnect(RtmpMessage.Command command) {
        if (state != State.AWAIT_CONNECT) {
            throw new RtmpProtocolException("command", "connect sent twice");
        }
        String app = command.commandObject() instanceof Map<?, ?> object && object.get("app") instanceof String a
                ? a : "";
        String appPath = app.replaceFirst("\\?.*$", "").replaceAll("/+$", "");
        if (!appPath.equals(config.app())) {
            send(new RtmpMessage.Command(0, "_error", command.transactionId(), null, List.of(
                    status("error", "NetConnection.Connect.Rejected",
                            "unknown application '" + appPath + "'; publish to rtmp://<host>/" + config.app()))));
            close("connect to unknown application '" + appPath + "'", "bad_app");
            return;
        }
        double objectEncoding = command.commandObject() instanceof Map<?, ?> object
                && object.get("objectEncoding") instanceof Number n ? n.doubleValue() : 0;
        send(new RtmpMessage.WindowAckSize(config.windowAckSize()));
        send(new RtmpMessage.SetPeerBandwidth(config.windowAckSize(), 2));
        send(new RtmpMessage.SetChunkSize(config.outgoingChunkSize()));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,5,7,7009");
        properties.put("capabilities", 31.0);
        properties.put("mode", 1.0);
        Map<String, Object> information = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        information.put("objectEncoding", objectEncoding);
        send(new RtmpMessage.Command(0, "_result", command.transactionId(), properties, List.of(information)));
        state = State.CONNECTED;
    }

    private void onCreateStream(RtmpMessage.Command command) {
        requireConnected(command);
        if (nextStreamId > config.maxStreamsPerConnection()) {
            throw new RtmpProtocolException("command", "more than " + config.maxStreamsPerConnection()
                    + " createStream calls on one connection");
        }
        replyResult(command, (double) nextStreamId++);
    }

    private void onPublish(RtmpMessage.Command command) {
        requireConnected(command);
        int streamId = command.messageStreamId();
        if (state != State.CONNECTED || streamId <= 0 || streamId >= nextStreamId) {
            sendStatus(streamId, "error", "NetStream.Publish.BadName", "publish needs a stream from createStream");
            close("publish in state " + state + " on message stream " + streamId, "command");
            return;
        }
        String publishName = command.argument(0) instanceof String name ? name : "";
        int question = publishName.indexOf('?');
        String key = question < 0 ? publishName : publishName.substring(0, question);
        String query = question < 0 ? "" : publishName.substring(question + 1);
        state = State.AUTHORIZING;
        publishStreamId = streamId;
        authorizer.authorize(new PublishRequest(config.app(), key, query, remoteAddress))
                .whenComplete((decision, failure) -> ctx.executor().execute(() -> onDecision(decision, failure)));
    }

    private void onDecision(PublishDecision decision, Throwable failure) {
        if (state != State.AUTHORIZING || !ctx.channel().isActive()) {
            return;
        }
        if (failure != null) {
            log.warn("rtmp {}: publish authorization failed: {}", remoteAddress, failure.toString());
            refusePublish("NetStream.Publish.Failed", "authorization unavailable, try again", "authorizer_error");
            return;
        }
        switch (decision) {
            case PublishDecision.Deny deny ->
                    refusePublish("NetStream.Publish.BadName", "publish refused: " + deny.reason(), "unauthorized");
            case PublishDecision.Allow allow -> startPublish(allow.streamName());
        }
    }

    private void refusePublish(String code, String description, String rejectReason) {
        sendStatus(publishStreamId, "error", code, description);
        close(description, rejectReason);
    }

    private void startPublish(String name) {
        String publishId = HexFormat.of().formatHex(randomBytes());
        LiveStream.Claim claim = registry.claim(name, this, publishId);
        if (claim instanceof LiveStream.Claim.Refused refused) {
            refusePublish("NetStream.Publish.BadName", refused.reason(), "already_publishing");
            return;
        }
        stream = ((LiveStream.Claim.Granted) claim).stream();
        streamName = name;
        demuxer = new FlvDemuxer();
        state = State.PUBLISHING;
        lastMediaNanos = nanoClock.getAsLong();
        send(new RtmpMessage.UserControl(RtmpMessage.UserControl.STREAM_BEGIN, publishStreamId, 0));
        sendStatus(publishStreamId, "status", "NetStream.Publish.Start", name + " is now published.");
        log.info("rtmp {}: publishing stream {} (publish {})", remoteAddress, name, publishId);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void onUnpublish(RtmpMessage.Command command) {
        if (state == State.PUBLISHING) {
            endPublish("unpublished by the encoder");
            state = State.CONNECTED;
            idleSinceNanos = nanoClock.getAsLong();
            if ("FCUnpublish".equals(command.name()) || "closeStream".equals(command.name())) {
                sendStatus(command.messageStreamId(), "status", "NetStream.Unpublish.Success",
                        streamName + " is now unpublished.");
            }
        }
    }

    private void requireConnected(RtmpMessage.Command command) {
        if (state == State.AWAIT_CONNECT) {
            throw new RtmpProtocolException("command", command.name() + " before connect");
        }
    }

    // ---- media ------------------------------------------------------------------------------

    private void onMedia(RtmpMessage.Media media) {
        try {
            if (state != State.PUBLISHING || media.messageStreamId() != publishStreamId) {
                return;
            }
            mediaSinceLastCheck = true;
            metrics.mediaBytes(media.track(), media.payload().readableBytes());
            long dts = timestamps.unwrap(media.timestamp());
            DemuxResult result = demuxer.demux(media.track(), dts, media.payload());
            switch (result) {
                case DemuxResult.ConfigResult config -> {
                    log.info("rtmp {}: stream {} {} configuration {}", remoteAddress, streamName,
                            media.track().name().toLowerCase(), config.config());
                    stream.publish(this, new MediaEvent.ConfigChanged(config.config()));
                }
                case DemuxResult.FrameResult frame -> publishFrame(frame.unit());
                case DemuxResult.Ignored ignored -> { }
                case DemuxResult.Unsupported unsupported -> {
                    sendStatus(publishStreamId, "error", "NetStream.Publish.Failed", unsupported.description());
                    close(unsupported.description(), "unsupported_codec");
                }
            }
        } catch (MediaFormatException e) {
            sendStatus(publishStreamId, "error", "NetStream.Publish.Failed", "malformed media: " + e.getMessage());
            close("malformed " + media.track().name().toLowerCase() + " data: " + e.getMessage(), "malformed_media");
        } finally {
            media.payload().release();
        }
    }

    private void publishFrame(AccessUnit unit) {
        try {
            metrics.frame(unit.track());
            stream.publish(this, unit);
        } finally {
            unit.release();
        }
    }

    private void onData(RtmpMessage.Data data) {
        if (state != State.PUBLISHING || data.messageStreamId() != publishStreamId) {
            return;
        }
        metrics.dataMessage();
        List<Object> values = data.values();
        int at = !values.isEmpty() && "@setDataFrame".equals(values.get(0)) ? 1 : 0;
        if (values.size() > at + 1 && "onMetaData".equals(values.get(at))) {
            // The AMF decoder gives objects and ECMA arrays alike as maps.
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (values.get(at + 1) instanceof Map<?, ?> map) {
                map.forEach((k, v) -> metadata.put(String.valueOf(k), v));
            }
            stream.publish(this, new MediaEvent.Metadata(Collections.unmodifiableMap(metadata)));
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * One periodic check per connection: a publisher that sends no media for the silence timeout,
     * and a connection that does not start publishing within the publish-start timeout (so idle
     * sockets cannot hold connection slots), are closed.
     */
    private void scheduleTimeoutCheck() {
        long shortest = Math.min(config.publishSilenceTimeout().toMillis(), config.publishStartTimeout().toMillis());
        long periodMillis = Math.max(100, shortest / 4);
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeouts, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    private void checkTimeouts() {
        long now = nanoClock.getAsLong();
        if (mediaSinceLastCheck) {
            mediaSinceLastCheck = false;
            lastMediaNanos = now;
        }
        if (state == State.PUBLISHING) {
            long silentNanos = now - lastMediaNanos;
            if (silentNanos > config.publishSilenceTimeout().toNanos()) {
                close("no media for " + TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s", "publish_silence");
            }
        } else if (state != State.CLOSED && now - idleSinceNanos > config.publishStartTimeout().toNanos()) {
            close("no publish within " + config.publishStartTimeout().toSeconds() + " s", "idle");
        }
    }

    @Override
    public void evict(String reason) {
        ctx.executor().execute(() -> {
            if (state == State.PUBLISHING) {
                state = State.CLOSED;
            }
            close(reason, null);
        });
    }

    private void endPublish(String reason) {
        if (stream != null) {
            registry.endPublish(stream, this, reason);
            log.info("rtmp {}: stream {} ended: {}", remoteAddress, streamName, reason);
            stream = null;
        }
    }

    /** Closes the connection, remembering the first reason given for the close log line. */
    private void close(String reason, String rejectReason) {
        if (closeReason == null) {
            closeReason = reason;
            if (rejectReason != null) {
                metrics.reject(rejectReason);
            }
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        endPublish(closeReason != null ? closeReason : "connection closed by the encoder");
        state = State.CLOSED;
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - openedAtNanos);
        log.info("rtmp {} closed after {} s{}: {} ({} bytes in)", remoteAddress, seconds,
                streamName == null ? "" : " (stream " + streamName + ")",
                closeReason != null ? closeReason : "closed by the peer", bytesIn.bytes());
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof RtmpProtocolException protocol) {
            close(protocol.getMessage(), protocol.reason());
        } else if (root instanceof IOException io) {
            close("connection error: " + io.getMessage(), null);
        } else {
            log.warn("rtmp {}: unexpected failure", remoteAddress, root);
            close("internal error: " + root, "internal_error");
        }
    }

    // ---- replies ----------------------------------------------------------------------------

    private void replyResult(RtmpMessage.Command command, Object value) {
        if (command.transactionId() != 0) {
            send(new RtmpMessage.Command(0, "_result", command.transactionId(), null,
                    value == null ? List.of() : List.of(value)));
        }
    }

    private void sendStatus(int messageStreamId, String level, String code, String description) {
        send(new RtmpMessage.Command(messageStreamId, "onStatus", 0, null, List.of(status(level, code, description))));
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    private void send(RtmpMessage message) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(message);
        }
    }
}
