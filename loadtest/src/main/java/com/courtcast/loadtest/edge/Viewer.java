package com.courtcast.loadtest.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated LL-HLS viewer behaving as hls.js does in low-latency mode once it is live: for
 * the part the playlist hints next, it asks at once for that part (the server holds the request
 * until the part is complete) and for the playlist that will list it (a blocking reload, RFC
 * 8216bis 6.2.5.2); each new playlist names the next hint.
 *
 * <p>The playlist chain has a connection of its own; parts take an idle connection of a small
 * pool, opening another while all are busy up to a browser's limit per host, then wait in line.
 * Everything runs on one event loop.
 */
final class Viewer {

    /** Browsers open up to six connections per host; one carries the playlist chain. */
    private static final int MAX_PART_CONNECTIONS = 5;
    private static final int MAX_PLAYLIST_BYTES = 256 * 1024;
    private static final long RETRY_DELAY_MILLIS = 200;

    private final ViewerLoop viewerLoop;
    private final Bootstrap template;
    private final InetSocketAddress address;
    private final long timeoutNanos;
    private final String playlistPath;
    private final ViewerTally tally;
    private final ViewerConnection playlists;
    private final List<ViewerConnection> partConnections = new ArrayList<>();
    private final Queue<String> waitingParts = new ArrayDeque<>();
    /** The URI of the newest part asked for. */
    private String lastRequested;

    Viewer(Bootstrap template, ViewerLoop viewerLoop, URI playlist, long timeoutNanos, ViewerTally tally) {
        this.viewerLoop = viewerLoop;
        this.template = template;
        this.address = new InetSocketAddress(playlist.getHost(), playlist.getPort());
        this.timeoutNanos = timeoutNanos;
        this.playlistPath = playlist.getRawPath();
        this.tally = tally;
        this.playlists = new ViewerConnection(template, viewerLoop, address, timeoutNanos, tally::connected);
    }

    /** Loads the playlist without blocking and follows its hint; on the event loop. */
    void join() {
        getPlaylist(playlistPath, playlist -> {
            String hint = playlist == null ? null : playlist.preloadHint();
            PlaylistParts.Listed newest = hint == null ? null : playlist.newest();
            if (newest == null) {
                retryLater();
            } else {
                follow(hint, newest.position().next());
            }
        });
    }

    /**
     * Asks for the hinted part and, at once, for the playlist that will list it.
     *
     * @param hinted where the hinted part will be listed, as far as anyone knows yet
     */
    private void follow(String hint, PartPosition hinted) {
        if (!tally.counting()) {
            return;
        }
        lastRequested = hint;
        fetchPart(hint);
        getPlaylist(playlistPath + "?" + hinted.blockingQuery(), playlist -> {
            String nextHint = playlist == null ? null : playlist.preloadHint();
            PlaylistParts.Listed newest = nextHint == null || nextHint.equals(hint) ? null : playlist.newest();
            if (newest == null) {
                retryLater();
                return;
            }
            if (!newest.uri().equals(hint)) {
                fetchMissed(playlist.listed()); // rare: more than the hinted part is new
            }
            follow(nextHint, newest.position().next());
        });
    }

    /**
     * Parts listed after the last one asked for: a viewer that fell behind finds more than its
     * hinted part new in the playlist, and hls.js loads them from the list.
     */
    private void fetchMissed(List<PlaylistParts.Listed> listed) {
        int last = -1;
        for (int i = listed.size() - 1; i >= 0 && last < 0; i--) {
            if (listed.get(i).uri().equals(lastRequested)) {
                last = i;
            }
        }
        if (last < 0) {
            return; // it fell out of the list: the viewer jumps ahead to the hint, as hls.js does
        }
        for (int i = last + 1; i < listed.size(); i++) {
            lastRequested = listed.get(i).uri();
            fetchPart(lastRequested);
        }
    }

    private void fetchPart(String uri) {
        for (ViewerConnection connection : partConnections) {
            if (!connection.busy()) {
                fetchPart(connection, uri);
                return;
            }
        }
        if (partConnections.size() < MAX_PART_CONNECTIONS) {
            ViewerConnection connection = new ViewerConnection(template, viewerLoop, address, timeoutNanos, tally::connected);
            partConnections.add(connection);
            fetchPart(connection, uri);
        } else {
            waitingParts.add(uri);
        }
    }

    private void fetchPart(ViewerConnection connection, String uri) {
        tally.requested();
        String path = resolve(uri);
        connection.get(path, 0, new ViewerConnection.Listener() {
            @Override
            public void answered(int status, ByteBuf body, long lastByteNanos) {
                // A hinted part the server will not produce after all is a 404 (RFC 8216bis 6.2.6).
                if (status == 404) {
                    tally.unproducedHint();
                } else if (status == 200) {
                    tally.delivered(PartAvailabilityProbe.file(uri), lastByteNanos);
                } else {
                    tally.failed("GET " + path + " answered " + status);
                }
                next(connection);
            }

            @Override
            public void failed(String why) {
                tally.failed(why);
                next(connection);
            }
        });
    }

    private void next(ViewerConnection connection) {
        String waiting = waitingParts.poll();
        if (waiting != null && tally.counting()) {
            fetchPart(connection, waiting);
        }
    }

    /** Hands {@code then} the playlist, or null after a failure (already counted). */
    private void getPlaylist(String path, Consumer<PlaylistMemo.View> then) {
        tally.requested();
        playlists.get(path, MAX_PLAYLIST_BYTES, new ViewerConnection.Listener() {
            @Override
            public void answered(int status, ByteBuf body, long lastByteNanos) {
                if (status == 200) {
                    then.accept(viewerLoop.memo().view(body));
                } else {
                    failed("GET " + path + " answered " + status);
                }
            }

            @Override
            public void failed(String why) {
                tally.failed(why);
                then.accept(null);
            }
        });
    }

    private void retryLater() {
        if (tally.counting()) {
            viewerLoop.loop().schedule(this::join, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private String resolve(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        if (uri.contains("://")) {
            URI absolute = URI.create(uri);
            return absolute.getRawQuery() == null ? absolute.getRawPath()
                    : absolute.getRawPath() + "?" + absolute.getRawQuery();
        }
        return playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1) + uri;
    }
}
