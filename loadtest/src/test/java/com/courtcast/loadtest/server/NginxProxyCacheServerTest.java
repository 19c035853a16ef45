package com.courtcast.loadtest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NginxProxyCacheServerTest {

    @Test
    void theConfigurationLocksMissesAndSizesTheCacheAsAsked() {
        String conf = NginxProxyCacheServer.configuration(Path.of("/w"), 9000, "127.0.0.1:8080", 256L << 20, 2);

        assertThat(conf).contains("worker_processes 2;", "listen 127.0.0.1:9000", "server 127.0.0.1:8080;",
                "max_size=268435456", "proxy_cache_lock on;", "keepalive_requests 1000000;");
    }

    @Test
    void theUpstreamIsTheOriginsHostAndPort() {
        assertThat(NginxProxyCacheServer.upstreamAddress("http://127.0.0.1:8080")).isEqualTo("127.0.0.1:8080");
        assertThat(NginxProxyCacheServer.upstreamAddress("http://127.0.0.1:8080/x")).isEqualTo("127.0.0.1:8080");
        assertThatThrownBy(() -> NginxProxyCacheServer.upstreamAddress("https://o:1"))
                .hasMessageContaining("http://");
    }
}
