package com.courtcast.origin.http;

import com.courtcast.common.playback.PlaybackConfig;
import com.courtcast.common.playback.PlaybackToken;
import com.courtcast.common.playback.PlaybackVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lets a request for a restricted hearing ({@code playback.restricted}) through only with a valid
 * signed token ({@code cc_exp}, {@code cc_sig}, optional {@code cc_net}), so the origin is no way
 * around the edges' check. Public hearings pass untouched.
 *
 * <p>The origin does not carry tokens into the playlists it serves: viewers of restricted
 * hearings play through an edge, which rewrites each playlist for its viewer; edges sign their
 * own requests to the origin with the shared key.
 */
final class PlaybackGuard implements Handler<RoutingContext> {

    private final PlaybackConfig playback;
    private final Clock clock;
    private final Map<PlaybackVerdict, Counter> refusals = new EnumMap<>(PlaybackVerdict.class);

    PlaybackGuard(PlaybackConfig playback, Clock clock, MeterRegistry metrics) {
        this.playback = playback;
        this.clock = clock;
        for (PlaybackVerdict verdict : PlaybackVerdict.values()) {
            if (!verdict.allowed()) {
                refusals.put(verdict, Counter.builder("courtcast_origin_playback_refusals")
                        .description("Requests for restricted hearings refused, by why")
                        .tag("reason", verdict.name().toLowerCase(Locale.ROOT))
                        .register(metrics));
            }
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        String stream = ctx.pathParam("stream");
        if (stream == null || !playback.isRestricted(stream)) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        PlaybackVerdict verdict = playback.signer().verify(stream, request.getParam(PlaybackToken.EXPIRY_PARAM),
                request.getParam(PlaybackToken.SIGNATURE_PARAM), request.getParam(PlaybackToken.NETWORK_PARAM),
                client(request.remoteAddress()), clock.instant());
        if (verdict.allowed()) {
            ctx.next();
            return;
        }
        refusals.get(verdict).increment();
        Responses.error(request, 403, verdict.reason());
    }

    /** The peer's address; a literal, so resolving it never asks DNS. */
    private static InetAddress client(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(remote.hostAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
