package com.courtcast.origin.http;

import com.courtcast.common.hls.MediaPlaylist;
import com.courtcast.common.hls.PlaylistType;
import com.courtcast.common.hls.PlaylistWriter;
import com.courtcast.common.hls.Segment;
import com.courtcast.origin.live.MediaObject;
import com.courtcast.origin.recording.RecordedSegment;
import com.courtcast.origin.recording.Recording;
import com.courtcast.origin.recording.RecordingCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves recordings: {@code /vod/<stream>/index.m3u8} is the latest hearing's source rendition
 * as a VOD playlist (an EVENT playlist while that hearing is still live, so it can be watched
 * from its start), {@code /vod/<stream>/<recording>/<rendition>.m3u8} any rendition of any
 * hearing, and the media files below them. Only durably written segments are listed.
 *
 * <p>The recording catalog reads journals from disk, so lookups run on a worker thread, never on
 * the event loop.
 */
final class VodHandler {

    private static final String SOURCE = "source";

    private final Vertx vertx;
    private final RecordingCatalog catalog;

    VodHandler(Vertx vertx, RecordingCatalog catalog) {
        this.vertx = vertx;
        this.catalog = catalog;
    }

    void latest(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String stream = ctx.pathParam("stream");
        if (!StreamNames.isValid(stream)) {
            Responses.error(request, 404, "no such recording");
            return;
        }
        vertx.executeBlocking(() -> catalog.latest(stream).map(recording ->
                        playlist(recording, SOURCE, recording.id() + "/" + SOURCE + "/")), false)
                .onSuccess(text -> sendPlaylist(request, text))
                .onFailure(failure -> Responses.error(request, 500, "recording unreadable"));
    }

    void file(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String stream = ctx.pathParam("stream");
        String id = ctx.pathParam("recording");
        String file = ctx.pathParam("file");
        if (!StreamNames.isValid(stream) || id == null || file == null || file.length() > 128) {
            Responses.error(request, 404, "no such recording");
            return;
        }
        if (file.endsWith(".m3u8")) {
            String rendition = file.substring(0, file.length() - ".m3u8".length());
            vertx.executeBlocking(() -> catalog.find(stream, id).filter(r -> r.renditions().contains(rendition))
                            .map(recording -> playlist(recording, rendition, rendition + "/")), false)
                    .onSuccess(text -> sendPlaylist(request, text))
                    .onFailure(failure -> Responses.error(request, 404, "no such recording"));
            return;
        }
        Responses.error(request, 404, "no such file");
    }

    void media(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String stream = ctx.pathParam("stream");
        String id = ctx.pathParam("recording");
        String rendition = ctx.pathParam("rendition");
        String file = ctx.pathParam("file");
        if (!StreamNames.isValid(stream) || id == null || rendition == null || file == null) {
            Responses.error(request, 404, "no such recording");
            return;
        }
        vertx.executeBlocking(() -> catalog.find(stream, id)
                        .flatMap(recording -> catalog.file(recording, rendition, file))
                        .map(VodHandler::onDisk), false)
                .onSuccess(found -> {
                    if (found.isPresent()) {
                        Responses.media(request, file, found.get(), Responses.IMMUTABLE);
                    } else {
                        Responses.error(request, 404, "no such file");
                    }
                })
                .onFailure(failure -> Responses.error(request, 404, "no such file"));
    }

    private static MediaObject onDisk(Path file) {
        try {
            return new MediaObject.OnDisk(file, Files.size(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sendPlaylist(HttpServerRequest request, Optional<String> text) {
        if (text.isEmpty()) {
            Responses.error(request, 404, "no such recording");
            return;
        }
        // A finished recording never changes; one still being written grows every segment.
        boolean finished = text.get().contains("#EXT-X-ENDLIST");
        Responses.text(request, text.get(), finished ? "public, max-age=3600" : "public, max-age=1");
    }

    /** The recording's rendition as a playlist whose URIs start with {@code uriPrefix}. */
    static String playlist(Recording recording, String rendition, String uriPrefix) {
        List<RecordedSegment> recorded = recording.segments(rendition);
        List<Segment> segments = new ArrayList<>(recorded.size());
        int targetDuration = 1;
        for (RecordedSegment segment : recorded) {
            double seconds = segment.durationMicros() / 1_000_000.0;
            targetDuration = Math.max(targetDuration, (int) Math.round(seconds));
            segments.add(new Segment(uriPrefix + segment.fileName(), seconds, segment.discontinuity(),
                    segment.programDateTime(), uriPrefix + segment.initFileName(), List.of()));
        }
        if (!segments.isEmpty() && segments.getFirst().discontinuity()) {
            Segment first = segments.getFirst();
            segments.set(0, new Segment(first.uri(), first.duration(), false, first.programDateTime(), first.mapUri(),
                    List.of()));
        }
        MediaPlaylist playlist = MediaPlaylist.builder()
                .targetDuration(targetDuration)
                .mediaSequence(0)
                .playlistType(recording.ended() ? PlaylistType.VOD : PlaylistType.EVENT)
                .segments(segments)
                .endList(recording.ended())
                .build();
        return PlaylistWriter.write(playlist);
    }
}
