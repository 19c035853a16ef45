package com.courtcast.edge;

import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.common.playback.PlaybackToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The URI an edge asks an origin for: the cache key, plus, for a restricted stream, a token the
 * edge signs for itself (it holds the shared key), since origins check tokens too and viewers'
 * tokens are deliberately not part of the key. One token per stream, renewed well before it expires.
 */
final class UpstreamTokens implements Function<RequestKey, String> {

    static final Duration VALIDITY = Duration.ofHours(1);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private final PlaybackConfig playback;
    private final Clock clock;
    private final ConcurrentHashMap<String, PlaybackToken> tokens = new ConcurrentHashMap<>();

    UpstreamTokens(PlaybackConfig playback, Clock clock) {
        this.playback = playback;
        this.clock = clock;
    }

    @Override
    public String apply(RequestKey key) {
        if (key.stream() == null || !playback.isRestricted(key.stream())) {
            return key.key();
        }
        Instant now = clock.instant();
        PlaybackToken token = tokens.compute(key.stream(), (stream, current) ->
                current != null && current.expiry().isAfter(now.plus(RENEW_BEFORE))
                        ? current : playback.signer().sign(stream, now.plus(VALIDITY), null));
        return key.key() + (key.key().indexOf('?') < 0 ? '?' : '&') + token.query();
    }
}
