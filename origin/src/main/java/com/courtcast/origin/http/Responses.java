package com.courtcast.origin.http;

import com.courtcast.origin.live.MediaObject;
import com.courtcast.origin.live.PlaylistSnapshot;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;

/** Writing the origin's responses: CORS, caching headers, conditional and range requests. */
final class Responses {

    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    /** Media names never repeat (random per-publish prefix), so media never changes. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String EXPOSED = "Age, Content-Length, Content-Range, Date, ETag";

    private Responses() {
    }

    /** Players on other origins fetch our playlists and media with XHR/fetch. */
    static void cors(HttpServerResponse response) {
        response.putHeader("Access-Control-Allow-Origin", "*");
        response.putHeader("Access-Control-Expose-Headers", EXPOSED);
    }

    static void preflight(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        cors(response);
        response.putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        response.putHeader("Access-Control-Allow-Headers", "Range, If-None-Match, If-Modified-Since");
        response.putHeader("Access-Control-Max-Age", "86400");
        response.setStatusCode(204).end();
    }

    static void error(HttpServerRequest request, int status, String message) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        cors(response);
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                // A refusal depends on the request's token, never on the resource alone.
                .putHeader(HttpHeaders.CACHE_CONTROL, status >= 500 || status == 403 ? "no-store" : "public, max-age=1")
                .end(message + "\n");
    }

    static boolean acceptsGzip(HttpServerRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        return accept != null && accept.contains("gzip");
    }

    static boolean notModified(HttpServerRequest request, String etag) {
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch == null) {
            return false;
        }
        return ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag);
    }

    /** A playlist body with its validators; gzip negotiated by the caller. */
    static void playlist(HttpServerRequest request, byte[] body, boolean gzip, String etag, String cacheControl) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        cors(response);
        response.putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (notModified(request, etag)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, PLAYLIST_TYPE);
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.end(wrap(body, 0, body.length));
    }

    static void text(HttpServerRequest request, String body, String cacheControl) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        boolean gzip = acceptsGzip(request);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        playlist(request, gzip ? PlaylistSnapshot.gzip(bytes) : bytes, gzip,
                "\"" + Integer.toHexString(body.hashCode()) + (gzip ? "-gz" : "") + "\"", cacheControl);
    }

    /** A media object (init, segment or part), with Range support and a strong ETag from its unique name. */
    static void media(HttpServerRequest request, String name, MediaObject object, String cacheControl) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        cors(response);
        String etag = "\"" + name + "\"";
        response.putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (notModified(request, etag)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "video/mp4");
        long length = object.length();
        ByteRange.Parsed parsed = ByteRange.parse(request.getHeader("Range"), length);
        long first = 0;
        long count = length;
        switch (parsed) {
            case ByteRange.Parsed.Whole whole -> { }
            case ByteRange.Parsed.Unsatisfiable unsatisfiable -> {
                response.setStatusCode(416).putHeader("Content-Range", "bytes */" + length).end();
                return;
            }
            case ByteRange.Parsed.Partial partial -> {
                first = partial.range().first();
                count = partial.range().length();
                response.setStatusCode(206).putHeader("Content-Range",
                        "bytes " + first + "-" + partial.range().last() + "/" + length);
            }
        }
        switch (object) {
            case MediaObject.OnDisk disk -> response.sendFile(disk.file().toString(), first, count);
            case MediaObject.InMemory memory -> writeChunks(response, memory, first, count);
        }
    }

    /** Vert.x's {@code Buffer.buffer(byte[])} copies; media bytes are immutable, so share them. */
    static Buffer wrap(byte[] bytes, int offset, int length) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length));
    }

    /** Writes a window of the chunks without copying them. */
    private static void writeChunks(HttpServerResponse response, MediaObject.InMemory memory, long first, long count) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(count));
        long skip = first;
        long left = count;
        for (byte[] chunk : memory.chunks()) {
            if (left == 0) {
                break;
            }
            if (skip >= chunk.length) {
                skip -= chunk.length;
                continue;
            }
            int from = (int) skip;
            int take = (int) Math.min(chunk.length - from, left);
            response.write(wrap(chunk, from, take));
            left -= take;
            skip = 0;
        }
        response.end();
    }
}
