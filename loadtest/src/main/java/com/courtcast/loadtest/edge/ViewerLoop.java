package com.courtcast.loadtest.edge;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the viewers on one event loop share: the memo of the playlist they all receive, and one
 * sweep that times out their requests. A timer per request would cost two operations on the
 * loop's timer heap for each of the thousands of requests a part brings; a sweep every quarter
 * second of a few thousand connections costs less, and a 10 s timeout does not need better aim.
 * Used on its loop only.
 */
final class ViewerLoop {

    private static final long SWEEP_MILLIS = 250;

    private final EventLoop loop;
    private final PlaylistMemo memo = new PlaylistMemo();
    private final List<ViewerConnection> connections = new ArrayList<>();
    private ScheduledFuture<?> sweep;

    ViewerLoop(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    PlaylistMemo memo() {
        return memo;
    }

    /** Times out {@code connection}'s requests from now on. */
    void watch(ViewerConnection connection) {
        connections.add(connection);
        if (sweep == null) {
            sweep = loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ViewerConnection connection : connections) {
            connection.timeOutIfLate(now);
        }
    }
}
