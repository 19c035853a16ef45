package com.courtcast.loadtest.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Simulated LL-HLS viewers of one media playlist (see {@link Viewer} for how each behaves). Every
 * completed part download is logged with the time of its last byte, so the benchmark can compare
 * it with the part's availability at the origin.
 *
 * <p>The generator must stay far lighter than the server it loads: thousands of viewers share a
 * couple of Netty event loops (epoll where it loads), each viewer lives on one loop so its state
 * needs no locks, part bodies are counted and dropped, and timeouts are the loop's own timers.
 */
final class ViewerFleet implements AutoCloseable {

    static final int DEFAULT_EVENT_LOOPS = 2;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final URI playlist;
    private final long timeoutNanos;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final Bootstrap template;
    private final ViewerTally tally = new ViewerTally();

    /** @param playlistUrl an {@code http://host:port/...} media playlist */
    ViewerFleet(String playlistUrl) {
        this(playlistUrl, DEFAULT_EVENT_LOOPS, DEFAULT_TIMEOUT);
    }

    ViewerFleet(String playlistUrl, int eventLoops, Duration requestTimeout) {
        this.playlist = URI.create(playlistUrl);
        if (!"http".equals(playlist.getScheme()) || playlist.getPort() < 0) {
            throw new IllegalArgumentException("viewers need an http://host:port/ playlist URL, was " + playlistUrl);
        }
        this.timeoutNanos = requestTimeout.toNanos();
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(eventLoops,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.template = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) requestTimeout.toMillis());
    }

    String transport() {
        return epoll ? "epoll" : "nio";
    }

    /** Starts {@code count} viewers spread evenly over {@code rampUp}, so their connects are too. */
    void start(int count, Duration rampUp) {
        long spacingNanos = count <= 1 ? 0 : rampUp.toNanos() / count;
        Map<EventLoop, ViewerLoop> loops = new IdentityHashMap<>();
        for (int i = 0; i < count; i++) {
            ViewerLoop viewerLoop = loops.computeIfAbsent(group.next(), ViewerLoop::new);
            viewerLoop.loop().schedule(() -> {
                if (tally.counting()) {
                    new Viewer(template, viewerLoop, playlist, timeoutNanos, tally).join();
                }
            }, i * spacingNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Part downloads completed so far, in no particular order. */
    Queue<ViewerTally.Delivery> deliveries() {
        return tally.deliveries();
    }

    long requests() {
        return tally.requests();
    }

    long errors() {
        return tally.errors();
    }

    /** Hinted parts the server answered 404 for: their segment ended before them. */
    long unproducedHints() {
        return tally.unproducedHints();
    }

    /** Connections the viewers made: two or a few per viewer, more when the server closes them. */
    long connects() {
        return tally.connects();
    }

    String lastError() {
        return tally.lastError();
    }

    /** Stops every viewer, closes their connections and the event loops. */
    @Override
    public void close() {
        tally.stop();
        // Viewers not yet started see the stop; shutting the loops closes the others' connections.
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
