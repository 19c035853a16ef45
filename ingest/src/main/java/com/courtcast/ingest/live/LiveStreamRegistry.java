package com.courtcast.ingest.live;

import com.courtcast.common.media.MediaSink;
import com.courtcast.ingest.IngestMetrics;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * All live streams of this ingest node, by public name: where publishers claim a name and
 * consumers (packagers, recorders, status) attach.
 *
 * <p>Consumers may attach before a publisher arrives and stay attached across publishers, so an
 * encoder that reconnects continues the same stream. Auto-subscribers are attached to every new
 * stream before its first event, which is how the packaging stage learns of new streams.
 */
public final class LiveStreamRegistry {

    private final Map<String, LiveStream> streams = new ConcurrentHashMap<>();
    private final List<AutoSubscriber> autoSubscribers = new CopyOnWriteArrayList<>();
    private final TakeoverPolicy takeoverPolicy;
    private final FanOutLimits limits;
    private final Executor deliveryExecutor;
    private final IngestMetrics metrics;
    private final Clock clock;

    private record AutoSubscriber(String consumerName, Function<String, MediaSink> factory) {}

    /**
     * @param deliveryExecutor runs consumers' deliveries; one task per busy consumer at a time
     */
    public LiveStreamRegistry(TakeoverPolicy takeoverPolicy, FanOutLimits limits, Executor deliveryExecutor,
                              IngestMetrics metrics, Clock clock) {
        this.takeoverPolicy = takeoverPolicy;
        this.limits = limits;
        this.deliveryExecutor = deliveryExecutor;
        this.metrics = metrics;
        this.clock = clock;
        metrics.publishersGauge(this, LiveStreamRegistry::publishingCount);
    }

    /**
     * Attaches {@code sink} to the stream {@code streamName}, whether or not it is live yet.
     * Close the returned subscription to detach.
     */
    public Subscription subscribe(String streamName, String consumerName, MediaSink sink) {
        while (true) {
            LiveStream stream = streams.computeIfAbsent(streamName, this::newStream);
            Subscription subscription = newSubscription(stream, consumerName, sink);
            if (stream.attach(subscription)) {
                return subscription;
            }
            streams.remove(streamName, stream);
        }
    }

    /** Calls {@code factory} for every stream created from now on and attaches the sink it returns. */
    public void addAutoSubscriber(String consumerName, Function<String, MediaSink> factory) {
        autoSubscribers.add(new AutoSubscriber(consumerName, factory));
    }

    /** Claims {@code streamName} for a publisher; see {@link TakeoverPolicy} for an already live name. */
    public LiveStream.Claim claim(String streamName, Publisher publisher, String publishId) {
        while (true) {
            LiveStream stream = streams.computeIfAbsent(streamName, this::newStream);
            LiveStream.Claim claim = stream.claim(publisher, publishId, clock.instant());
            if (claim != null) {
                return claim;
            }
            streams.remove(streamName, stream);
        }
    }

    /** Ends a publish and forgets the stream if nobody else uses it. */
    public void endPublish(LiveStream stream, Publisher publisher, String reason) {
        stream.endPublish(publisher, reason);
        forgetIfIdle(stream);
    }

    public Optional<StreamStatus> status(String streamName) {
        return Optional.ofNullable(streams.get(streamName)).map(LiveStream::status);
    }

    public List<StreamStatus> statuses() {
        return streams.values().stream().map(LiveStream::status)
                .sorted(Comparator.comparing(StreamStatus::name)).toList();
    }

    public int publishingCount() {
        return (int) streams.values().stream().filter(LiveStream::isPublishing).count();
    }

    private LiveStream newStream(String name) {
        LiveStream stream = new LiveStream(name, takeoverPolicy, metrics.gop(name));
        for (AutoSubscriber auto : autoSubscribers) {
            MediaSink sink = auto.factory().apply(name);
            if (sink != null) {
                stream.attach(newSubscription(stream, auto.consumerName(), sink));
            }
        }
        return stream;
    }

    private Subscription newSubscription(LiveStream stream, String consumerName, MediaSink sink) {
        return new Subscription(stream.name(), consumerName, sink, deliveryExecutor, limits,
                metrics.consumerDrops(stream.name(), consumerName), closed -> {
                    stream.detach(closed);
                    forgetIfIdle(stream);
                });
    }

    private void forgetIfIdle(LiveStream stream) {
        if (stream.retireIfIdle()) {
            streams.remove(stream.name(), stream);
        }
    }
}
