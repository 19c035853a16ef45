package com.courtcast.loadtest.rtmp;

import com.courtcast.loadtest.flv.FlvFile;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many {@link ReplayPublisher}s on one small event loop group (epoll where it loads): no thread per
 * publisher, so hundreds of them fit beside the server on a small machine.
 */
public final class PublisherFleet implements AutoCloseable {

    /** Past the high mark a publisher stops writing and lets its frames age (see {@link ReplayPacer}). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final EventLoopGroup group;
    private final Bootstrap template;
    private final boolean epoll;
    private final List<ReplayPublisher> publishers = new ArrayList<>();

    /** @param threads event loops for all publishers together */
    public PublisherFleet(int threads) {
        epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        template = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * Starts one publisher per target, their connections spread evenly over {@code spread} (one
     * GOP is best) so that their keyframes do not all arrive at once, as real encoders' do not.
     *
     * @param maxLagMillis how late a publisher may fall behind a congested connection before dropping
     */
    public void start(List<PublishTarget> targets, FlvFile file, Duration spread, long maxLagMillis) {
        for (int i = 0; i < targets.size(); i++) {
            ReplayPublisher publisher = new ReplayPublisher(targets.get(i), file, System::nanoTime, maxLagMillis);
            publishers.add(publisher);
            long delay = spread.toNanos() * i / targets.size();
            group.schedule(() -> publisher.connect(template), delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Waits until every publisher publishes or has failed (see {@link #counts()} for which);
     * false if some were still on their way when the time ran out.
     */
    public boolean awaitPublished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<PublisherCounts> counts = perPublisher();
            if (counts.stream().allMatch(c -> c.published() || c.failure() != null)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Measures the generator's own lateness afresh from now on. */
    public void resetMaxLate() {
        publishers.forEach(ReplayPublisher::resetMaxLate);
    }

    public List<PublisherCounts> perPublisher() {
        return publishers.stream().map(ReplayPublisher::counts).toList();
    }

    public FleetCounts counts() {
        return FleetCounts.of(perPublisher());
    }

    /** Stops every publisher's frames and waits until what they wrote is in the sockets. */
    public boolean stopSending(Duration timeout) throws InterruptedException {
        List<Future<Void>> drained = publishers.stream().map(ReplayPublisher::stopSending).toList();
        return awaitAll(drained, timeout);
    }

    /** Unpublishes and closes every connection, then stops the event loops. */
    @Override
    public void close() {
        try {
            awaitAll(publishers.stream().map(ReplayPublisher::close).toList(), Duration.ofSeconds(5));
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitAll(List<Future<Void>> futures, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Future<Void> future : futures) {
            all &= future.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return all;
    }
}
