package com.courtcast.ingest.live;

import static com.courtcast.ingest.live.LiveFixtures.AAC;
import static com.courtcast.ingest.live.LiveFixtures.AVC;
import static com.courtcast.ingest.live.LiveFixtures.publishAndRelease;
import static com.courtcast.ingest.live.LiveFixtures.video;
import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.IngestMetrics;
import com.courtcast.ingest.live.LiveFixtures.FakePublisher;
import com.courtcast.ingest.live.LiveFixtures.Frame;
import com.courtcast.ingest.live.LiveFixtures.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Claiming names, takeovers, and how long a stream lives, without a network. */
@ExtendWith(NettyLeakCheck.class)
class LiveStreamRegistryTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakePublisher first = new FakePublisher("192.0.2.10:50000");
    private final FakePublisher second = new FakePublisher("192.0.2.20:50000");

    @Test
    void claimedStreamReportsItsPublisher() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.TAKE_OVER);
        assertThat(registry.status("court1")).isEmpty();

        LiveStream stream = granted(registry.claim("court1", first, "p1"));
        stream.publish(first, new MediaEvent.ConfigChanged(AVC));
        stream.publish(first, new MediaEvent.ConfigChanged(AAC));

        StreamStatus status = registry.status("court1").orElseThrow();
        assertThat(status.publishing()).isTrue();
        assertThat(status.publisherAddress()).isEqualTo("192.0.2.10:50000");
        assertThat(status.publishId()).isEqualTo("p1");
        assertThat(status.publishingSince()).isEqualTo(NOW);
        assertThat(List.of(status.width(), status.height())).containsExactly(320, 240);
        assertThat(List.of(status.sampleRate(), status.channels())).containsExactly(48_000, 2);
        assertThat(registry.publishingCount()).isEqualTo(1);
        assertThat(meters.get("courtcast.ingest.publishers.active").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void endingThePublishForgetsAStreamNobodyWatches() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.TAKE_OVER);
        LiveStream stream = granted(registry.claim("court1", first, "p1"));

        registry.endPublish(stream, first, "unpublished by the encoder");

        assertThat(registry.status("court1")).isEmpty();
        assertThat(registry.statuses()).isEmpty();
        assertThat(registry.publishingCount()).isZero();
        // The name can be claimed again, by a new stream object.
        assertThat(granted(registry.claim("court1", first, "p2"))).isNotSameAs(stream);
    }

    @Test
    void newPublisherTakesOverAndTheOldOneIsEvicted() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.TAKE_OVER);
        RecordingSink sink = new RecordingSink();
        registry.subscribe("court1", "packager", sink);
        LiveStream stream = granted(registry.claim("court1", first, "p1"));

        LiveStream taken = granted(registry.claim("court1", second, "p2"));

        assertThat(taken).isSameAs(stream);
        assertThat(first.evictions).singleElement().asString().contains("192.0.2.20:50000");
        assertThat(sink.events).hasSize(3);
        assertThat(sink.events.get(0)).isInstanceOfSatisfying(MediaEvent.PublishStarted.class,
                started -> assertThat(started.publishId()).isEqualTo("p1"));
        assertThat(sink.events.get(1)).isInstanceOfSatisfying(MediaEvent.PublishEnded.class,
                ended -> assertThat(ended.publishId()).isEqualTo("p1"));
        assertThat(sink.events.get(2)).isInstanceOfSatisfying(MediaEvent.PublishStarted.class,
                started -> assertThat(started.publishId()).isEqualTo("p2"));
        assertThat(registry.status("court1").orElseThrow().publisherAddress()).isEqualTo("192.0.2.20:50000");
    }

    @Test
    void evictedPublisherCanNoLongerSendOrEndTheStream() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.TAKE_OVER);
        RecordingSink sink = new RecordingSink();
        registry.subscribe("court1", "packager", sink);
        LiveStream stream = granted(registry.claim("court1", first, "p1"));
        granted(registry.claim("court1", second, "p2"));

        publishAndRelease(stream, first, video(0, true));     // late frame from the evicted encoder
        registry.endPublish(stream, first, "connection closed by the encoder");
        publishAndRelease(stream, second, video(0, true));

        assertThat(sink.frames()).hasSize(1);
        assertThat(sink.controlEvents()).hasSize(3);
        assertThat(registry.status("court1").orElseThrow().publishing()).isTrue();
    }

    @Test
    void rejectNewPolicyRefusesTheSecondPublisher() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.REJECT_NEW);
        granted(registry.claim("court1", first, "p1"));

        LiveStream.Claim claim = registry.claim("court1", second, "p2");

        assertThat(claim).isInstanceOfSatisfying(LiveStream.Claim.Refused.class,
                refused -> assertThat(refused.reason()).contains("already being published"));
        assertThat(first.evictions).isEmpty();
        assertThat(registry.status("court1").orElseThrow().publishId()).isEqualTo("p1");
    }

    @Test
    void consumerMayAttachBeforeThePublisherAndStayAcrossPublishers() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.TAKE_OVER);
        RecordingSink sink = new RecordingSink();
        Subscription subscription = registry.subscribe("court1", "packager", sink);
        assertThat(registry.status("court1").orElseThrow().publishing()).isFalse();

        LiveStream stream = granted(registry.claim("court1", first, "p1"));
        publishAndRelease(stream, first, video(0, true));
        registry.endPublish(stream, first, "encoder restarted");
        assertThat(registry.status("court1")).as("kept while a consumer is attached").isPresent();
        LiveStream again = granted(registry.claim("court1", second, "p2"));
        publishAndRelease(again, second, video(0, true));

        assertThat(again).isSameAs(stream);
        assertThat(sink.events).hasSize(5);
        assertThat(sink.frames()).containsExactly(Frame.video(0, true), Frame.video(0, true));
        assertThat(sink.events.get(2)).isEqualTo(new MediaEvent.PublishEnded("court1", "p1", "encoder restarted"));

        registry.endPublish(again, second, "done");
        subscription.close();
        assertThat(registry.status("court1")).as("forgotten once unused").isEmpty();
    }

    @Test
    void autoSubscribersAreAttachedToEveryNewStreamBeforeItsFirstEvent() {
        LiveStreamRegistry registry = registry(TakeoverPolicy.TAKE_OVER);
        List<String> created = new ArrayList<>();
        List<RecordingSink> sinks = new ArrayList<>();
        registry.addAutoSubscriber("packager", name -> {
            created.add(name);
            RecordingSink sink = new RecordingSink();
            sinks.add(sink);
            return sink;
        });
        registry.addAutoSubscriber("nobody", name -> null);

        granted(registry.claim("court1", first, "p1"));
        granted(registry.claim("court2", second, "p2"));

        assertThat(created).containsExactly("court1", "court2");
        assertThat(sinks).allSatisfy(sink ->
                assertThat(sink.events).singleElement().isInstanceOf(MediaEvent.PublishStarted.class));
        assertThat(registry.status("court1").orElseThrow().droppedFramesByConsumer()).containsOnlyKeys("packager");
        assertThat(registry.statuses()).extracting(StreamStatus::name).containsExactly("court1", "court2");
    }

    private LiveStreamRegistry registry(TakeoverPolicy policy) {
        return new LiveStreamRegistry(policy, FanOutLimits.DEFAULTS, Runnable::run, new IngestMetrics(meters),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static LiveStream granted(LiveStream.Claim claim) {
        assertThat(claim).isInstanceOf(LiveStream.Claim.Granted.class);
        return ((LiveStream.Claim.Granted) claim).stream();
    }
}
