package com.courtcast.edge;

import com.courtcast.common.playback.PlaybackToken;

/**
 * A viewer's request reduced to what decides the response: the path plus only the query
 * parameters the origin answers differently for ({@code _HLS_msn}, {@code _HLS_part},
 * {@code _HLS_skip}, in that order). Signed-URL parameters are kept aside for the check and
 * never reach the key, so every viewer of a restricted hearing shares one cached copy.
 *
 * @param key the cache key, also the path and query sent upstream
 * @param type what the request names
 * @param stream the stream of a {@code /live/NAME/...} or {@code /vod/NAME/...} path, else null
 * @param expiry {@code cc_exp}, null when absent
 * @param signature {@code cc_sig}, null when absent
 * @param network {@code cc_net}, null when absent
 */
record RequestKey(String key, ResourceType type, String stream, String expiry, String signature, String network) {

    static final int MAX_URI_LENGTH = 2048;

    /** Returns null for a request target that is not an absolute path (or is too long). */
    static RequestKey parse(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/' || uri.length() > MAX_URI_LENGTH) {
            return null;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.contains("/../") || path.endsWith("/..")) {
            return null;
        }
        String msn = null;
        String part = null;
        String skip = null;
        String expiry = null;
        String signature = null;
        String network = null;
        if (q >= 0) {
            int start = q + 1;
            while (start < uri.length()) {
                int end = uri.indexOf('&', start);
                if (end < 0) {
                    end = uri.length();
                }
                int eq = uri.indexOf('=', start);
                if (eq > start && eq < end) {
                    String name = uri.substring(start, eq);
                    String value = uri.substring(eq + 1, end);
                    switch (name) {
                        case "_HLS_msn" -> msn = value;
                        case "_HLS_part" -> part = value;
                        case "_HLS_skip" -> skip = value;
                        case PlaybackToken.EXPIRY_PARAM -> expiry = value;
                        case PlaybackToken.SIGNATURE_PARAM -> signature = value;
                        case PlaybackToken.NETWORK_PARAM -> network = value.replace("%2F", "/").replace("%2f", "/")
                                .replace("%3A", ":").replace("%3a", ":");
                        default -> { }
                    }
                }
                start = end + 1;
            }
        }
        StringBuilder key = new StringBuilder(path.length() + 40).append(path);
        char separator = '?';
        if (msn != null) {
            key.append(separator).append("_HLS_msn=").append(msn);
            separator = '&';
        }
        if (part != null) {
            key.append(separator).append("_HLS_part=").append(part);
            separator = '&';
        }
        if (skip != null) {
            key.append(separator).append("_HLS_skip=").append(skip);
        }
        return new RequestKey(key.toString(), classify(path, msn != null), streamOf(path), expiry, signature, network);
    }

    private static ResourceType classify(String path, boolean blocking) {
        if (path.endsWith(".m3u8")) {
            if (path.endsWith("/index.m3u8")) {
                return ResourceType.MULTIVARIANT;
            }
            return blocking ? ResourceType.BLOCKING_PLAYLIST : ResourceType.PLAYLIST;
        }
        if (path.endsWith(".m4s") || path.endsWith(".mp4") || path.endsWith(".ts") || path.endsWith(".aac")
                || path.endsWith(".m4a") || path.endsWith(".m4v")) {
            return ResourceType.MEDIA;
        }
        return ResourceType.OTHER;
    }

    private static String streamOf(String path) {
        int start;
        if (path.startsWith("/live/")) {
            start = 6;
        } else if (path.startsWith("/vod/")) {
            start = 5;
        } else {
            return null;
        }
        int end = path.indexOf('/', start);
        return end <= start ? null : path.substring(start, end);
    }

    /** The directory of the key's path, with a trailing slash: relative URIs in a playlist resolve against it. */
    String directory() {
        int q = key.indexOf('?');
        String path = q < 0 ? key : key.substring(0, q);
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
