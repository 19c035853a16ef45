package com.courtcast.ingest.live;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import io.micrometer.core.instrument.DistributionSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One public stream name: at most one publisher at a time, any number of consumers.
 *
 * <p>Everything a publisher sends passes through {@link #publish} on that publisher's event loop
 * and is offered to every subscription under this object's lock, so a takeover can never
 * interleave two publishers' frames and every consumer sees the same order. The lock is held
 * only to enqueue, never while a consumer runs.
 *
 * <p>The stream remembers the current codec configurations and metadata so a consumer attaching
 * mid-publish is first told what it needs to decode, then starts at the next keyframe.
 */
public final class LiveStream {

    private static final long RATE_WINDOW_MILLIS = 5_000;

    private final String name;
    private final TakeoverPolicy takeoverPolicy;
    private final DistributionSummary gop;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final RateWindow videoRate = new RateWindow(RATE_WINDOW_MILLIS);
    private final RateWindow audioRate = new RateWindow(RATE_WINDOW_MILLIS);
    private Publisher publisher;
    private MediaEvent.PublishStarted started;
    private VideoConfig videoConfig;
    private AacConfig audioConfig;
    private MediaEvent.Metadata metadata;
    private long lastKeyframeDts = -1;
    private long gopMillis;
    private long videoFrames;
    private long audioFrames;
    private boolean retired;

    LiveStream(String name, TakeoverPolicy takeoverPolicy, DistributionSummary gop) {
        this.name = name;
        this.takeoverPolicy = takeoverPolicy;
        this.gop = gop;
    }

    public String name() {
        return name;
    }

    /** The outcome of asking to publish. */
    public sealed interface Claim {
        record Granted(LiveStream stream) implements Claim {}

        record Refused(String reason) implements Claim {}
    }

    synchronized Claim claim(Publisher newPublisher, String publishId, Instant now) {
        if (retired) {
            return null;
        }
        if (publisher != null) {
            if (takeoverPolicy == TakeoverPolicy.REJECT_NEW) {
                return new Claim.Refused("stream " + name + " is already being published from "
                        + publisher.remoteAddress());
            }
            Publisher previous = publisher;
            endPublishLocked("taken over by a new publisher from " + newPublisher.remoteAddress());
            previous.evict("taken over by a new publisher from " + newPublisher.remoteAddress());
        }
        publisher = newPublisher;
        started = new MediaEvent.PublishStarted(name, publishId, now);
        fanOut(started);
        return new Claim.Granted(this);
    }

    /** Passes one event from {@code from} to every consumer; ignored if {@code from} lost the stream. */
    public synchronized void publish(Publisher from, MediaEvent event) {
        if (from != publisher) {
            return;
        }
        switch (event) {
            case AccessUnit unit -> account(unit);
            case MediaEvent.ConfigChanged changed -> remember(changed.config());
            case MediaEvent.Metadata m -> metadata = m;
            default -> { }
        }
        fanOut(event);
    }

    /** Ends {@code from}'s publish; ignored if it already lost the stream to another publisher. */
    public synchronized void endPublish(Publisher from, String reason) {
        if (from == publisher) {
            endPublishLocked(reason);
        }
    }

    private void endPublishLocked(String reason) {
        fanOut(new MediaEvent.PublishEnded(name, started.publishId(), reason));
        publisher = null;
        started = null;
        videoConfig = null;
        audioConfig = null;
        metadata = null;
        lastKeyframeDts = -1;
        videoRate.clear();
        audioRate.clear();
    }

    private void account(AccessUnit unit) {
        if (unit.track() == TrackType.VIDEO) {
            videoFrames++;
            videoRate.add(unit.dtsMillis(), unit.size());
            if (unit.keyframe()) {
                if (lastKeyframeDts >= 0 && unit.dtsMillis() > lastKeyframeDts) {
                    gopMillis = unit.dtsMillis() - lastKeyframeDts;
                    gop.record(gopMillis / 1000.0);
                }
                lastKeyframeDts = unit.dtsMillis();
            }
        } else {
            audioFrames++;
            audioRate.add(unit.dtsMillis(), unit.size());
        }
    }

    private void remember(CodecConfig config) {
        switch (config) {
            case VideoConfig video -> videoConfig = video;
            case AacConfig audio -> audioConfig = audio;
        }
    }

    private void fanOut(MediaEvent event) {
        boolean hasVideo = videoConfig != null;
        for (Subscription subscription : subscriptions) {
            subscription.offer(event, hasVideo);
        }
    }

    /** Adds a consumer; false if the stream was already retired (the caller makes a new one). */
    synchronized boolean attach(Subscription subscription) {
        if (retired) {
            return false;
        }
        subscriptions.add(subscription);
        if (started != null) {
            subscription.offer(started, videoConfig != null);
            if (videoConfig != null) {
                subscription.offer(new MediaEvent.ConfigChanged(videoConfig), true);
            }
            if (audioConfig != null) {
                subscription.offer(new MediaEvent.ConfigChanged(audioConfig), videoConfig != null);
            }
            if (metadata != null) {
                subscription.offer(metadata, videoConfig != null);
            }
        }
        return true;
    }

    synchronized void detach(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    /** Marks the stream unused so the registry can forget it; false if it is still in use. */
    synchronized boolean retireIfIdle() {
        if (publisher == null && subscriptions.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    synchronized boolean isPublishing() {
        return publisher != null;
    }

    public synchronized StreamStatus status() {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (Subscription subscription : subscriptions) {
            drops.merge(subscription.consumerName(), subscription.droppedFrames(), Long::sum);
        }
        return new StreamStatus(name, publisher != null,
                publisher == null ? null : publisher.remoteAddress(),
                started == null ? null : started.publishId(),
                started == null ? null : started.startedAt(),
                videoConfig == null ? null : videoConfig.codecsString(),
                videoConfig == null ? 0 : videoConfig.width(),
                videoConfig == null ? 0 : videoConfig.height(),
                videoRate.perSecond(), videoRate.bitsPerSecond(), gopMillis,
                audioConfig == null ? null : audioConfig.codecsString(),
                audioConfig == null ? 0 : audioConfig.sampleRate(),
                audioConfig == null ? 0 : audioConfig.channelCount(),
                audioRate.bitsPerSecond(), videoFrames, audioFrames, drops);
    }
}
