package com.courtcast.ingest.live;

import static com.courtcast.ingest.live.LiveFixtures.AAC;
import static com.courtcast.ingest.live.LiveFixtures.AVC;
import static com.courtcast.ingest.live.LiveFixtures.audio;
import static com.courtcast.ingest.live.LiveFixtures.publishAndRelease;
import static com.courtcast.ingest.live.LiveFixtures.video;
import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.testing.ManualExecutor;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.live.LiveFixtures.FakePublisher;
import com.courtcast.ingest.live.LiveFixtures.Frame;
import com.courtcast.ingest.live.LiveFixtures.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One consumer's bounded queue: shared payloads, keyframe-aligned drops, never-dropped control events. */
@ExtendWith(NettyLeakCheck.class)
class SubscriptionTest {

    private static final String STREAM = "court1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakePublisher publisher = new FakePublisher("192.0.2.10:50000");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private ExecutorService threads;

    @AfterEach
    void tearDown() throws InterruptedException {
        subscriptions.forEach(Subscription::close);
        if (threads != null) {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyConsumerGetsTheSamePayloadWhichIsReleasedAfterTheLastOne() {
        ManualExecutor executor = new ManualExecutor();
        LiveStreamRegistry registry = registry(FanOutLimits.DEFAULTS, executor);
        AccessUnit keyframe = video(0, true);
        ByteBuf payload = keyframe.payload();
        List<Integer> refCountsSeen = new ArrayList<>();
        for (String consumer : List.of("packager", "recorder", "thumbnails")) {
            subscriptions.add(registry.subscribe(STREAM, consumer, event -> {
                if (event instanceof AccessUnit unit) {
                    assertThat(unit.payload()).as("the publisher's buffer itself, not a copy").isSameAs(payload);
                    refCountsSeen.add(unit.payload().refCnt());
                }
            }));
        }
        LiveStream stream = claim(registry, publisher, "p1");

        stream.publish(publisher, keyframe);

        assertThat(payload.refCnt()).as("the publisher's reference and one per queued consumer").isEqualTo(4);
        executor.runAll();
        assertThat(refCountsSeen).containsExactly(4, 3, 2);
        assertThat(payload.refCnt()).as("only the publisher's own reference is left").isEqualTo(1);
        keyframe.release();
    }

    @Test
    void slowConsumerSkipsToTheNextKeyframeWhileAFastOneGetsEverything() throws InterruptedException {
        threads = Executors.newCachedThreadPool();
        LiveStreamRegistry registry = registry(new FanOutLimits(5, 1L << 30), threads);
        RecordingSink fast = new RecordingSink();
        BlockingSink slow = new BlockingSink();
        Subscription fastSubscription = registry.subscribe(STREAM, "fast", fast);
        Subscription slowSubscription = registry.subscribe(STREAM, "slow", slow);
        subscriptions.add(fastSubscription);
        subscriptions.add(slowSubscription);
        LiveStream stream = claim(registry, publisher, "p1");

        // Frame n at n * 40 ms; keyframes at 0, 20 and 40.
        publishInStep(stream, fast, 0, 1);
        assertThat(slow.entered.await(5, TimeUnit.SECONDS)).as("slow consumer is stuck in frame 0").isTrue();
        publishInStep(stream, fast, 1, 40);
        slow.release.countDown();
        awaitTrue(() -> slow.frames().size() == 5);
        publishInStep(stream, fast, 40, 42);
        awaitTrue(() -> slow.frames().size() == 7);

        assertThat(fast.frames()).extracting(Frame::dts)
                .containsExactlyElementsOf(LongStream.range(0, 42).map(n -> n * 40).boxed().toList());
        // Frame 0 in delivery plus frames 1-4 fill the queue of 5; everything up to the next
        // keyframe that finds room (frame 40) is lost, including keyframe 20 which found none.
        assertThat(slow.frames()).extracting(Frame::dts).containsExactly(0L, 40L, 80L, 120L, 160L, 1600L, 1640L);
        assertThat(slow.frames().get(5).keyframe()).isTrue();
        assertThat(fastSubscription.droppedFrames()).isZero();
        assertThat(slowSubscription.droppedFrames()).isPositive();
        assertThat(meters.get("courtcast.ingest.consumer.dropped.frames").tag("consumer", "slow").counter().count())
                .isEqualTo(slowSubscription.droppedFrames());
        assertThat(stream.status().droppedFramesByConsumer())
                .containsEntry("fast", 0L)
                .containsEntry("slow", slowSubscription.droppedFrames());
    }

    @Test
    void droppedFramesCountsEveryFrameASlowConsumerLost() throws InterruptedException {
        threads = Executors.newCachedThreadPool();
        LiveStreamRegistry registry = registry(new FanOutLimits(5, 1L << 30), threads);
        RecordingSink fast = new RecordingSink();
        BlockingSink slow = new BlockingSink();
        subscriptions.add(registry.subscribe(STREAM, "fast", fast));
        Subscription slowSubscription = registry.subscribe(STREAM, "slow", slow);
        subscriptions.add(slowSubscription);
        LiveStream stream = claim(registry, publisher, "p1");

        publishInStep(stream, fast, 0, 1);
        assertThat(slow.entered.await(5, TimeUnit.SECONDS)).isTrue();
        publishInStep(stream, fast, 1, 40);
        slow.release.countDown();
        awaitTrue(() -> slow.frames().size() == 5);

        // Frames 5 to 39 never reached the slow consumer: 35 lost.
        assertThat(slowSubscription.droppedFrames()).isEqualTo(35);
    }

    @Test
    void consumerAttachingMidStreamIsToldTheConfigurationThenVideoStartsAtAKeyframe() {
        LiveStreamRegistry registry = registry(FanOutLimits.DEFAULTS, Runnable::run);
        LiveStream stream = claim(registry, publisher, "p1");
        MediaEvent.Metadata metadata = new MediaEvent.Metadata(Map.of("encoder", "Lavf59.27.100"));
        stream.publish(publisher, new MediaEvent.ConfigChanged(AVC));
        stream.publish(publisher, new MediaEvent.ConfigChanged(AAC));
        stream.publish(publisher, metadata);
        publishAndRelease(stream, publisher, video(0, true));
        publishAndRelease(stream, publisher, audio(10));
        publishAndRelease(stream, publisher, video(40, false));

        RecordingSink late = new RecordingSink();
        subscriptions.add(registry.subscribe(STREAM, "late", late));
        assertThat(late.events).hasSize(4);
        assertThat(late.events.get(0)).isInstanceOfSatisfying(MediaEvent.PublishStarted.class, started -> {
            assertThat(started.streamName()).isEqualTo(STREAM);
            assertThat(started.publishId()).isEqualTo("p1");
            assertThat(started.startedAt()).isEqualTo(CLOCK.instant());
        });
        assertThat(late.events.subList(1, 4)).containsExactly(
                new MediaEvent.ConfigChanged(AVC), new MediaEvent.ConfigChanged(AAC), metadata);

        // Audio flows at once (every AAC frame decodes alone); video waits for its next keyframe.
        publishAndRelease(stream, publisher, audio(50));
        publishAndRelease(stream, publisher, video(80, false));
        publishAndRelease(stream, publisher, video(120, true));
        publishAndRelease(stream, publisher, audio(130));
        publishAndRelease(stream, publisher, video(160, false));

        assertThat(late.frames()).containsExactly(
                Frame.audio(50), Frame.video(120, true), Frame.audio(130), Frame.video(160, false));
    }

    @Test
    void audioOnlyStreamStartsAtAnyAudioFrame() {
        LiveStreamRegistry registry = registry(FanOutLimits.DEFAULTS, Runnable::run);
        LiveStream stream = claim(registry, publisher, "p1");
        stream.publish(publisher, new MediaEvent.ConfigChanged(AAC));
        publishAndRelease(stream, publisher, audio(0));

        RecordingSink late = new RecordingSink();
        subscriptions.add(registry.subscribe(STREAM, "late", late));
        publishAndRelease(stream, publisher, audio(21));

        assertThat(late.frames()).containsExactly(Frame.audio(21));
    }

    @Test
    void controlEventsAreNeverDropped() throws InterruptedException {
        threads = Executors.newCachedThreadPool();
        LiveStreamRegistry registry = registry(new FanOutLimits(1, 1L << 30), threads);
        BlockingSink slow = new BlockingSink();
        subscriptions.add(registry.subscribe(STREAM, "slow", slow));
        LiveStream stream = claim(registry, publisher, "p1");
        publishAndRelease(stream, publisher, video(0, true));
        assertThat(slow.entered.await(5, TimeUnit.SECONDS)).isTrue();

        // With the queue full, every frame is dropped, but no control event is.
        MediaEvent.Metadata metadata = new MediaEvent.Metadata(Map.of("width", 320.0));
        stream.publish(publisher, new MediaEvent.ConfigChanged(AVC));
        publishAndRelease(stream, publisher, video(40, false));
        stream.publish(publisher, metadata);
        publishAndRelease(stream, publisher, video(80, true));
        registry.endPublish(stream, publisher, "unpublished by the encoder");
        FakePublisher next = new FakePublisher("192.0.2.11:50001");
        LiveStream again = claim(registry, next, "p2");
        assertThat(again).isSameAs(stream);
        again.publish(next, new MediaEvent.ConfigChanged(AAC));
        slow.release.countDown();

        awaitTrue(() -> slow.controlEvents().size() == 6);
        List<Object> control = slow.controlEvents();
        assertThat(control.get(0)).isInstanceOf(MediaEvent.PublishStarted.class);
        assertThat(control.subList(1, 3)).containsExactly(new MediaEvent.ConfigChanged(AVC), metadata);
        assertThat(control.get(3)).isEqualTo(new MediaEvent.PublishEnded(STREAM, "p1", "unpublished by the encoder"));
        assertThat(control.get(4)).isInstanceOfSatisfying(MediaEvent.PublishStarted.class,
                started -> assertThat(started.publishId()).isEqualTo("p2"));
        assertThat(control.get(5)).isEqualTo(new MediaEvent.ConfigChanged(AAC));
        assertThat(slow.frames()).containsExactly(Frame.video(0, true));
    }

    @Test
    void closingASubscriptionReleasesWhatItHadQueued() {
        ManualExecutor executor = new ManualExecutor();
        LiveStreamRegistry registry = registry(FanOutLimits.DEFAULTS, executor);
        RecordingSink sink = new RecordingSink();
        Subscription subscription = registry.subscribe(STREAM, "packager", sink);
        LiveStream stream = claim(registry, publisher, "p1");
        List<AccessUnit> units = List.of(video(0, true), video(40, false), audio(50));
        units.forEach(unit -> stream.publish(publisher, unit));
        assertThat(units).allSatisfy(unit -> assertThat(unit.payload().refCnt()).isEqualTo(2));

        subscription.close();
        executor.runAll();

        assertThat(sink.events).isEmpty();
        assertThat(units).allSatisfy(unit -> assertThat(unit.payload().refCnt()).isEqualTo(1));
        publishAndRelease(stream, publisher, video(80, true));
        assertThat(executor.pending()).as("a closed subscription is no longer offered anything").isZero();
        units.forEach(AccessUnit::release);
    }

    @Test
    void consumerClosingItselfMidDeliveryReleasesTheRest() {
        ManualExecutor executor = new ManualExecutor();
        LiveStreamRegistry registry = registry(FanOutLimits.DEFAULTS, executor);
        List<Object> seen = new ArrayList<>();
        Subscription[] self = new Subscription[1];
        self[0] = registry.subscribe(STREAM, "quitter", event -> {
            seen.add(event);
            if (event instanceof AccessUnit) {
                self[0].close();
            }
        });
        LiveStream stream = claim(registry, publisher, "p1");
        List<AccessUnit> units = List.of(video(0, true), video(40, false), video(80, false));
        units.forEach(unit -> stream.publish(publisher, unit));

        executor.runAll();

        assertThat(seen).hasSize(2);   // PublishStarted and the first frame
        assertThat(units).allSatisfy(unit -> assertThat(unit.payload().refCnt()).isEqualTo(1));
        units.forEach(AccessUnit::release);
    }

    @Test
    void aFailingConsumerIsLoggedAndKeepsReceiving() {
        LiveStreamRegistry registry = registry(FanOutLimits.DEFAULTS, Runnable::run);
        List<Long> seen = new ArrayList<>();
        subscriptions.add(registry.subscribe(STREAM, "flaky", event -> {
            if (event instanceof AccessUnit unit) {
                seen.add(unit.dtsMillis());
                throw new IllegalStateException("disk full");
            }
        }));
        LiveStream stream = claim(registry, publisher, "p1");
        AccessUnit first = video(0, true);
        AccessUnit second = video(40, false);

        stream.publish(publisher, first);
        stream.publish(publisher, second);

        assertThat(seen).containsExactly(0L, 40L);
        assertThat(first.payload().refCnt()).isEqualTo(1);
        assertThat(second.payload().refCnt()).isEqualTo(1);
        first.release();
        second.release();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private LiveStreamRegistry registry(FanOutLimits limits, Executor executor) {
        return new LiveStreamRegistry(TakeoverPolicy.TAKE_OVER, limits, executor, new IngestMetrics(meters), CLOCK);
    }

    private static LiveStream claim(LiveStreamRegistry registry, Publisher publisher, String publishId) {
        LiveStream.Claim claim = registry.claim(STREAM, publisher, publishId);
        assertThat(claim).isInstanceOf(LiveStream.Claim.Granted.class);
        return ((LiveStream.Claim.Granted) claim).stream();
    }

    /**
     * Publishes frames {@code from} (inclusive) to {@code to} (exclusive), frame n at n * 40 ms and a
     * keyframe every 20, waiting after each until {@code fast} has it so the fast consumer never lags.
     */
    private void publishInStep(LiveStream stream, RecordingSink fast, int from, int to) {
        for (int n = from; n < to; n++) {
            publishAndRelease(stream, publisher, video(n * 40L, n % 20 == 0));
            int expected = n + 1;
            awaitTrue(() -> fast.frames().size() == expected);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Blocks in its first access unit until released, like a consumer stuck on a slow disk. */
    private static final class BlockingSink extends RecordingSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEvent(MediaEvent event) {
            super.onEvent(event);
            if (event instanceof AccessUnit && entered.getCount() > 0) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
