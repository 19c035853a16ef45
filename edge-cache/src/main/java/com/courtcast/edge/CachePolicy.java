package com.courtcast.edge;

import java.time.Duration;

/**
 * How long each kind of response is kept, following what live HLS needs at a CDN edge
 * (AWS MediaPackage's CDN guidance, RFC 8216bis 6.2.5.2):
 * <ul>
 * <li>LL-HLS media playlists change every part: fresh for at most {@code llPlaylistTtl} and half a part;
 *     other live media playlists for half a target duration;</li>
 * <li>blocking-reload responses contain at least what their key names, so they are reused for
 *     several target durations;</li>
 * <li>init sections, segments and parts never change (their names are unique per publish);</li>
 * <li>errors at most {@code errorTtl} (1 s), so a brief origin hiccup does not stick;</li>
 * <li>the origin's Cache-Control caps all of these, and no-store or private means not at all.</li>
 * </ul>
 * Just past freshness, a response is served as it is while one background request refreshes it
 * (stale-while-revalidate, as nginx's {@code proxy_cache_use_stale updating}), so no viewer waits
 * for the origin at each refresh: for one part target (LL-HLS playlists), half a target duration
 * (other media playlists) or {@link #DEFAULT_OTHER_REVALIDATE} (everything else), or the origin's
 * {@code stale-while-revalidate}, or {@code edge.cache.revalidateWindow} for all; never for
 * blocking reloads (a viewer asking for a part must get it) nor after {@code must-revalidate}.
 * Past that, playlists stay usable for a few target durations and media for as long as the
 * cache holds them, but only when the origins fail.
 */
final class CachePolicy {

    private static final long SECOND = 1_000_000_000L;
    /** Media carry a year of max-age; when the origin gives none, keep them as long as the cache holds them. */
    private static final long FOREVER = Duration.ofDays(365).toNanos();
    /** The revalidate window of multivariant playlists, the player's files and media with a finite lifetime. */
    static final long DEFAULT_OTHER_REVALIDATE = SECOND;

    private final EdgeConfig config;

    CachePolicy(EdgeConfig config) {
        this.config = config;
    }

    /** The freshness of a response, or null when it must not be stored. */
    Freshness freshness(ResourceType type, int status, String cacheControl, PlaylistFacts facts) {
        CacheControl cc = CacheControl.parse(cacheControl);
        if (!cc.storable()) {
            return null;
        }
        long originNanos = cc.maxAgeSeconds() < 0 ? -1 : cc.maxAgeSeconds() * SECOND;
        if (status >= 400) {
            long ttl = config.errorTtl().toNanos();
            return new Freshness(originNanos < 0 ? ttl : Math.min(ttl, originNanos), 0);
        }
        if (status != 200) {
            return null;
        }
        long fresh = switch (type) {
            case MEDIA -> originNanos < 0 ? FOREVER : originNanos;
            case OTHER -> Math.max(0, originNanos);
            case MULTIVARIANT -> capped(config.llPlaylistTtl().toNanos(), originNanos, true);
            case PLAYLIST -> capped(playlistTtl(facts), originNanos, facts != null && facts.ended());
            case BLOCKING_PLAYLIST -> capped(
                    facts == null ? 0 : (long) (config.blockingTargetDurations() * facts.targetDuration() * SECOND),
                    originNanos, facts != null && facts.ended());
        };
        long stale = switch (type) {
            case MEDIA -> FOREVER;
            case OTHER, MULTIVARIANT -> config.staleOther().toNanos();
            case PLAYLIST, BLOCKING_PLAYLIST ->
                    facts == null ? 0 : (long) (config.stalePlaylistTargetDurations() * facts.targetDuration() * SECOND);
        };
        if (fresh <= 0 && stale <= 0) {
            return null;
        }
        return new Freshness(fresh, revalidateWindow(type, cc, facts), stale);
    }

    private long revalidateWindow(ResourceType type, CacheControl cc, PlaylistFacts facts) {
        if (type == ResourceType.BLOCKING_PLAYLIST || cc.mustRevalidate()) {
            return 0;
        }
        if (cc.staleWhileRevalidateSeconds() >= 0) {
            return cc.staleWhileRevalidateSeconds() * SECOND;
        }
        if (config.revalidateWindow() != null) {
            return config.revalidateWindow().toNanos();
        }
        if (type != ResourceType.PLAYLIST) {
            return DEFAULT_OTHER_REVALIDATE;
        }
        if (facts == null) {
            return 0;
        }
        return (long) ((facts.lowLatency() ? facts.partTarget() : facts.targetDuration() / 2) * SECOND);
    }

    private long playlistTtl(PlaylistFacts facts) {
        if (facts == null) {
            return 0;
        }
        if (facts.lowLatency()) {
            return Math.min(config.llPlaylistTtl().toNanos(), (long) (facts.partTarget() / 2 * SECOND));
        }
        return (long) (facts.targetDuration() / 2 * SECOND);
    }

    /**
     * The policy's lifetime, capped by the origin's. An ended playlist no longer changes, so there
     * the origin's lifetime is taken as is.
     */
    private static long capped(long policy, long origin, boolean takeOrigin) {
        if (origin < 0) {
            return policy;
        }
        return takeOrigin ? origin : Math.min(policy, origin);
    }
}
