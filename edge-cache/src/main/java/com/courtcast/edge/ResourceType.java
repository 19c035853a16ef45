package com.courtcast.edge;

import java.util.Locale;

/** What kind of object a request names; the cache policy and the metrics distinguish these. */
enum ResourceType {
    /** {@code index.m3u8}: the list of renditions. */
    MULTIVARIANT,
    /** A media playlist reload without blocking directives. */
    PLAYLIST,
    /** A media playlist request with {@code _HLS_msn}: names at least what it will contain. */
    BLOCKING_PLAYLIST,
    /** Init sections, segments and parts: never change once published. */
    MEDIA,
    /** The player page and its assets, anything else the origin serves. */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    String label() {
        return label;
    }

    boolean playlist() {
        return this == MULTIVARIANT || this == PLAYLIST || this == BLOCKING_PLAYLIST;
    }
}
