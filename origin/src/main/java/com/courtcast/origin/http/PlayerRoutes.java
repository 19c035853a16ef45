package com.courtcast.origin.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The viewer page (courtcast-player-demo): {@code GET /watch/<stream>} and its assets under
 * {@code GET /player/<file>}.
 *
 * <p>Design: the four files are read from the classpath ({@code com/courtcast/player/}) once, at
 * construction, and served from memory. An unknown file or a stream name outside
 * {@code [A-Za-z0-9_-]{1,64}} is left to the rest of the router, as if these routes did not
 * match: 404 unless some other route wants it, with no error logged for every probing bot. The
 * {@code /watch/<stream>} page is {@code watch.html} with the stream name put into its
 * {@code courtcast-stream} meta tag and its asset links made absolute and versioned
 * ({@code /player/hls.min.js?v=<content hash>}), so the long cache lifetime of the version-pinned
 * hls.js never keeps an old copy past a deploy. {@code /player/watch.html?stream=<stream>} serves
 * the page unchanged; the player reads the name from the query string there.
 *
 * <p>Every response carries a Content-Security-Policy allowing only this origin (plus
 * {@code blob:} for media and workers, which hls.js needs for Media Source Extensions and its
 * transmuxing worker), {@code X-Content-Type-Options: nosniff} and
 * {@code Referrer-Policy: no-referrer}; entity tags make revalidation a 304.
 */
public final class PlayerRoutes {

    /** Where courtcast-player-demo puts the page in its jar. */
    static final String RESOURCE_DIR = "com/courtcast/player/";

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'");

    /** Short: the page and our own scripts change with every deploy. */
    static final String SHORT_CACHE = "public, max-age=60";
    /** hls.js is pinned to one version in player-demo's package-lock.json. */
    static final String PINNED_CACHE = "public, max-age=31536000, immutable";

    private static final String STREAM_META = "<meta name=\"courtcast-stream\" content=\"\">";
    private static final String HTML = "text/html; charset=utf-8";

    private record Asset(Buffer body, String contentType, String cacheControl, String etag) {
    }

    private final Map<String, Asset> assets;
    /** The rendered /watch page up to the stream name, and after it. */
    private final Buffer pageHead;
    private final Buffer pageTail;
    private final String pageTag;

    /**
     * Reads the page and its assets from the classpath.
     *
     * @param vertx the instance the router runs on (the routes answer from memory on the event
     *              loop and need nothing else from it)
     * @throws IllegalStateException when courtcast-player-demo is not on the classpath or its page
     *                               lacks what the /watch route fills in
     */
    public PlayerRoutes(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        byte[] html = read("watch.html");
        byte[] js = read("player.js");
        byte[] css = read("player.css");
        byte[] hls = read("hls.min.js");
        assets = Map.of(
                "watch.html", asset(html, HTML, SHORT_CACHE),
                "player.js", asset(js, "text/javascript; charset=utf-8", SHORT_CACHE),
                "player.css", asset(css, "text/css; charset=utf-8", SHORT_CACHE),
                "hls.min.js", asset(hls, "text/javascript; charset=utf-8", PINNED_CACHE));

        String page = new String(html, StandardCharsets.UTF_8);
        page = replaceOnce(page, "href=\"player.css\"", "href=\"" + versioned("player.css") + '"');
        page = replaceOnce(page, "src=\"hls.min.js\"", "src=\"" + versioned("hls.min.js") + '"');
        page = replaceOnce(page, "src=\"player.js\"", "src=\"" + versioned("player.js") + '"');
        int meta = indexOnce(page, STREAM_META);
        int name = meta + STREAM_META.length() - 2; // between content=" and ">
        pageHead = Buffer.buffer(page.substring(0, name));
        pageTail = Buffer.buffer(page.substring(name));
        pageTag = hash(page.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds {@code GET|HEAD /watch/:stream} and {@code GET|HEAD /player/:file}. */
    public void mount(Router router) {
        // One route per path for both methods: a route matching the path but not the method
        // would turn the fall-through of an unknown name into 405.
        router.route("/watch/:stream").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::page);
        router.route("/player/:file").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::asset);
    }

    private void page(RoutingContext ctx) {
        String stream = ctx.pathParam("stream");
        if (!StreamNames.isValid(stream)) {
            ctx.next();
            return;
        }
        // The name is only letters, digits, '_' and '-': nothing to escape inside the attribute.
        Buffer body = Buffer.buffer(pageHead.length() + stream.length() + pageTail.length())
                .appendBuffer(pageHead).appendString(stream).appendBuffer(pageTail);
        send(ctx.request(), body, HTML, SHORT_CACHE, "\"" + pageTag + "-" + stream + "\"");
    }

    private void asset(RoutingContext ctx) {
        Asset asset = assets.get(ctx.pathParam("file"));
        if (asset == null) {
            ctx.next();
            return;
        }
        send(ctx.request(), asset.body(), asset.contentType(), asset.cacheControl(), asset.etag());
    }

    private static void send(HttpServerRequest request, Buffer body, String contentType, String cacheControl,
                             String etag) {
        HttpServerResponse response = request.response();
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.ETAG, etag);
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            response.end(body);
        }
    }

    private String versioned(String file) {
        String etag = assets.get(file).etag();
        return "/player/" + file + "?v=" + etag.substring(1, etag.length() - 1);
    }

    private static Asset asset(byte[] body, String contentType, String cacheControl) {
        return new Asset(Buffer.buffer(body), contentType, cacheControl, "\"" + hash(body) + "\"");
    }

    private static byte[] read(String file) {
        String path = RESOURCE_DIR + file;
        try (InputStream in = PlayerRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath (courtcast-player-demo's jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    private static int indexOnce(String page, String marker) {
        int at = page.indexOf(marker);
        if (at < 0 || page.indexOf(marker, at + 1) >= 0) {
            throw new IllegalStateException(RESOURCE_DIR + "watch.html must contain " + marker + " exactly once");
        }
        return at;
    }

    private static String replaceOnce(String page, String marker, String replacement) {
        int at = indexOnce(page, marker);
        return page.substring(0, at) + replacement + page.substring(at + marker.length());
    }

    /** 64 bits of SHA-256 in hex: an entity tag and cache-busting version for a file. */
    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
