package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

    @Test
    void defaultsAreSafeAndOriginsAreRequired() {
        EdgeConfig config = EdgeConfig.from(Settings.empty().override("edge.origins", "http://10.0.0.1:8080, http://origin2"));
        assertThat(config.origins()).containsExactly(URI.create("http://10.0.0.1:8080"), URI.create("http://origin2:80"));
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.cacheMaxBytes()).isEqualTo(512L << 20);
        assertThat(config.errorTtl()).hasSeconds(1);
        assertThatThrownBy(() -> EdgeConfig.from(Settings.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("edge.origins must name at least one origin");
    }

    @Test
    void badValuesNameTheirKey() {
        Settings base = Settings.empty().override("edge.origins", "http://o:1");
        assertThatThrownBy(() -> EdgeConfig.from(base.override("edge.cache.maxBytes", -1)))
                .hasMessage("edge.cache.maxBytes must be between 1 and " + Long.MAX_VALUE / 2 + ", was -1");
        assertThatThrownBy(() -> EdgeConfig.from(Settings.empty().override("edge.origins", "ftp://o/x")))
                .hasMessage("edge.origins must be http://HOST:PORT URLs, was 'ftp://o/x'");
        assertThatThrownBy(() -> EdgeConfig.from(Settings.empty().override("edge.origins", "http://o:1")
                .override("edge.cache.errorTtl", "5s"))).hasMessageStartingWith("edge.cache.errorTtl must be between");
        assertThatThrownBy(() -> EdgeConfig.from(Settings.empty().override("edge.origins", "http://o:1")
                .override("edge.cache.revalidateWindow", "soon")))
                .hasMessageStartingWith("edge.cache.revalidateWindow must be a duration").hasMessageContaining("'soon'");
    }
}
