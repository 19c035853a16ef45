package com.courtcast.app;

import com.courtcast.common.config.Settings;

/**
 * The node's HTTP listener (the origin's port): today it serves {@code /metrics} and {@code /healthz}.
 *
 * @param bindHost address to listen on
 * @param port HTTP port (0 picks a free one)
 */
public record HttpConfig(String bindHost, int port) {

    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;

    public static HttpConfig from(Settings settings) {
        return new HttpConfig(settings.string("http.bindHost", DEFAULT_BIND_HOST),
                settings.integer("http.port", DEFAULT_PORT, 0, 65535));
    }
}
