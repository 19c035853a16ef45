package com.courtcast.origin.http;

import com.courtcast.origin.live.LiveRendition;
import com.courtcast.origin.live.LiveStreamDirectory;
import com.courtcast.origin.live.MediaNames;
import com.courtcast.origin.live.PlaylistRequest;
import com.courtcast.origin.live.PlaylistSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Optional;

/**
 * Serves {@code /live/<stream>/...} ("how it is served"): the multivariant playlist, media
 * playlists with blocking reload and delta updates (RFC 8216bis 6.2.5), and media, including
 * preload-hinted parts that are held until complete.
 *
 * <p>A held request is an entry in its rendition, never a thread: the answer comes from the
 * packager's thread and is handed back to the request's own event loop.
 */
final class LiveHandler {

    private final Vertx vertx;
    private final LiveStreamDirectory live;
    private final OriginHttpMetrics metrics;

    LiveHandler(Vertx vertx, LiveStreamDirectory live, OriginHttpMetrics metrics) {
        this.vertx = vertx;
        this.live = live;
        this.metrics = metrics;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String stream = ctx.pathParam("stream");
        String file = ctx.pathParam("file");
        if (!StreamNames.isValid(stream) || file == null || file.length() > 128) {
            Responses.error(request, 404, "no such stream");
            return;
        }
        if (file.equals(MediaNames.MULTIVARIANT)) {
            metrics.requested(OriginHttpMetrics.Resource.MULTIVARIANT);
            multivariant(request, stream);
            return;
        }
        String renditionName = MediaNames.renditionOfPlaylist(file);
        if (renditionName != null) {
            mediaPlaylist(request, stream, renditionName);
            return;
        }
        metrics.requested(mediaResource(file));
        media(request, stream, file);
    }

    private static OriginHttpMetrics.Resource mediaResource(String file) {
        if (file.endsWith(MediaNames.INIT_SUFFIX)) {
            return OriginHttpMetrics.Resource.INIT;
        }
        return MediaNames.isPart(file) ? OriginHttpMetrics.Resource.PART : OriginHttpMetrics.Resource.SEGMENT;
    }

    private void multivariant(HttpServerRequest request, String stream) {
        if (live.multivariant(stream) != null) {
            sendMultivariant(request, stream);
            return;
        }
        // Publishing but not yet a full segment: wait for the first playlist like a blocking request.
        Collection<LiveRendition> renditions = live.renditions(stream);
        if (renditions.isEmpty()) {
            Responses.error(request, 404, "no such stream");
            return;
        }
        LiveRendition first = renditions.iterator().next();
        Context context = vertx.getOrCreateContext();
        LiveRendition.PlaylistAnswer answer = first.requestPlaylist(PlaylistRequest.PLAIN,
                snapshot -> context.runOnContext(v -> sendMultivariant(request, stream)),
                () -> context.runOnContext(v -> Responses.error(request, 503, "stream not ready")));
        switch (answer) {
            case LiveRendition.PlaylistAnswer.Now now -> sendMultivariant(request, stream);
            case LiveRendition.PlaylistAnswer.Waiting waiting -> { }
            case LiveRendition.PlaylistAnswer.Refused refused -> Responses.error(request, refused.status(), refused.reason());
        }
    }

    private void sendMultivariant(HttpServerRequest request, String stream) {
        String text = live.multivariant(stream);
        if (text == null) {
            Responses.error(request, 404, "no such stream");
        } else {
            Responses.text(request, text, "public, max-age=1");
        }
    }

    private void mediaPlaylist(HttpServerRequest request, String stream, String renditionName) {
        Optional<LiveRendition> found = live.rendition(stream, renditionName);
        if (found.isEmpty()) {
            Responses.error(request, 404, "no such rendition");
            return;
        }
        PlaylistRequest directives;
        try {
            directives = PlaylistRequest.parse(request.getParam("_HLS_msn"), request.getParam("_HLS_part"),
                    request.getParam("_HLS_skip"));
        } catch (PlaylistRequest.BadRequest e) {
            metrics.refused(400);
            Responses.error(request, 400, e.getMessage());
            return;
        }
        metrics.requested(directives.blocking()
                ? OriginHttpMetrics.Resource.BLOCKING_PLAYLIST : OriginHttpMetrics.Resource.PLAYLIST);
        long started = System.nanoTime();
        Context context = vertx.getOrCreateContext();
        LiveRendition.PlaylistAnswer answer = found.get().requestPlaylist(directives,
                snapshot -> context.runOnContext(v -> {
                    sendPlaylist(request, snapshot, directives);
                    long now = System.nanoTime();
                    metrics.blockingAnswered(now - started, now - snapshot.createdNanos());
                }),
                () -> context.runOnContext(v -> {
                    metrics.refused(503);
                    Responses.error(request, 503, "the requested segment or part did not arrive in time");
                }));
        switch (answer) {
            case LiveRendition.PlaylistAnswer.Now now -> sendPlaylist(request, now.snapshot(), directives);
            case LiveRendition.PlaylistAnswer.Waiting waiting -> { }
            case LiveRendition.PlaylistAnswer.Refused refused -> {
                metrics.refused(refused.status());
                Responses.error(request, refused.status(), refused.reason());
            }
        }
    }

    private static void sendPlaylist(HttpServerRequest request, PlaylistSnapshot snapshot, PlaylistRequest directives) {
        boolean gzip = Responses.acceptsGzip(request);
        Responses.playlist(request, snapshot.body(directives.skip(), gzip), gzip,
                snapshot.etag(directives.skip(), gzip), cacheControl(snapshot, directives));
    }

    /**
     * Blocking responses name exactly what they contain at least, so caches may keep them a
     * while (keyed by the directives); plain reloads of a live playlist go stale within a part.
     */
    private static String cacheControl(PlaylistSnapshot snapshot, PlaylistRequest directives) {
        if (snapshot.ended()) {
            return "public, max-age=60";
        }
        if (directives.blocking()) {
            return "public, max-age=" + 6 * snapshot.targetDuration();
        }
        return "public, max-age=1";
    }

    private void media(HttpServerRequest request, String stream, String file) {
        LiveRendition rendition = renditionOfMedia(stream, file);
        if (rendition == null) {
            Responses.error(request, 404, "no such media");
            return;
        }
        Context context = vertx.getOrCreateContext();
        LiveRendition.MediaAnswer answer = rendition.requestMedia(file,
                object -> context.runOnContext(v -> Responses.media(request, file, object, Responses.IMMUTABLE)),
                () -> context.runOnContext(v -> Responses.error(request, 404, "the hinted part will not come")));
        switch (answer) {
            case LiveRendition.MediaAnswer.Now now -> Responses.media(request, file, now.object(), Responses.IMMUTABLE);
            case LiveRendition.MediaAnswer.Waiting waiting -> metrics.hintedPartRequested();
            case LiveRendition.MediaAnswer.NotFound notFound -> Responses.error(request, 404, "no such media");
        }
    }

    /** Media names start with their rendition: {@code <rendition>-<prefix>-...}. */
    private LiveRendition renditionOfMedia(String stream, String file) {
        int dash = file.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        return live.rendition(stream, file.substring(0, dash)).orElse(null);
    }
}
