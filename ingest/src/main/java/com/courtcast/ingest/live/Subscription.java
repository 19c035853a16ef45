package com.courtcast.ingest.live;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.media.TrackType;
import io.micrometer.core.instrument.Counter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's attachment to a live stream: a bounded queue between the publisher's event loop
 * and the consumer's delivery thread.
 *
 * <p>The publisher side ({@link #offer}) never blocks: when the queue is past its bounds the unit
 * is dropped and the consumer skips ahead to the next keyframe, so it resumes with a decodable
 * picture; each dropped unit is counted. Control events (publish start/end, configuration,
 * metadata) are never dropped. A newly attached consumer's video also starts at a keyframe.
 *
 * <p>Payloads are shared, not copied: each queued access unit holds one reference, released right
 * after the sink has seen it.
 */
public final class Subscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    private final String streamName;
    private final String consumerName;
    private final MediaSink sink;
    private final Executor executor;
    private final FanOutLimits limits;
    private final Counter droppedFrames;
    private final Consumer<Subscription> onClose;
    private final Queue<MediaEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    // Written only by the publishing side, under the live stream's lock.
    /** Video waits for a keyframe after attaching or a new publish; audio flows meanwhile. */
    private boolean awaitingKeyframe = true;
    /** After an overflow everything is skipped until the next keyframe (the next audio frame without video). */
    private boolean recovering;

    Subscription(String streamName, String consumerName, MediaSink sink, Executor executor, FanOutLimits limits,
                 Counter droppedFrames, Consumer<Subscription> onClose) {
        this.streamName = streamName;
        this.consumerName = consumerName;
        this.sink = sink;
        this.executor = executor;
        this.limits = limits;
        this.droppedFrames = droppedFrames;
        this.onClose = onClose;
    }

    public String streamName() {
        return streamName;
    }

    public String consumerName() {
        return consumerName;
    }

    /** Access units this consumer lost because it fell behind. */
    public long droppedFrames() {
        return dropped.get();
    }

    /** Queues an event for the consumer; called by the live stream under its lock. */
    void offer(MediaEvent event, boolean streamHasVideo) {
        if (closed) {
            return;
        }
        if (event instanceof AccessUnit unit) {
            boolean video = unit.track() == TrackType.VIDEO;
            if (recovering) {
                boolean resumePoint = video ? unit.keyframe() : !streamHasVideo;
                if (!resumePoint) {
                    countDrop();
                    return;
                }
                recovering = false;
            }
            if (video && awaitingKeyframe) {
                if (!unit.keyframe()) {
                    return;
                }
                awaitingKeyframe = false;
            }
            if (queuedFrames.get() >= limits.maxQueuedFrames()
                    || queuedBytes.get() + unit.size() > limits.maxQueuedBytes()) {
                recovering = true;
                countDrop();
                return;
            }
            unit.retain();
            queuedFrames.incrementAndGet();
            queuedBytes.addAndGet(unit.size());
        } else if (event instanceof MediaEvent.PublishStarted) {
            awaitingKeyframe = true;
            recovering = false;
        }
        queue.add(event);
        scheduleDrain();
    }

    private void countDrop() {
        dropped.incrementAndGet();
        droppedFrames.increment();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            MediaEvent event;
            while (!closed && (event = queue.poll()) != null) {
                deliver(event);
            }
        } finally {
            draining.set(false);
            if (closed) {
                releaseQueued();
            } else if (!queue.isEmpty()) {
                scheduleDrain();
            }
        }
    }

    private void deliver(MediaEvent event) {
        try {
            sink.onEvent(event);
        } catch (RuntimeException | Error e) {
            log.warn("consumer {} of stream {} failed on {}: {}", consumerName, streamName,
                    event.getClass().getSimpleName(), e.toString(), e);
        } finally {
            if (event instanceof AccessUnit unit) {
                queuedFrames.decrementAndGet();
                queuedBytes.addAndGet(-unit.size());
                unit.release();
            }
        }
    }

    private void releaseQueued() {
        MediaEvent event;
        while ((event = queue.poll()) != null) {
            if (event instanceof AccessUnit unit) {
                queuedFrames.decrementAndGet();
                queuedBytes.addAndGet(-unit.size());
                unit.release();
            }
        }
    }

    /** Detaches the consumer; queued units are released, nothing more is delivered. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        if (draining.compareAndSet(false, true)) {
            try {
                releaseQueued();
            } finally {
                draining.set(false);
            }
        }
    }
}
