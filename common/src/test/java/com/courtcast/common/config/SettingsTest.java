package com.courtcast.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private enum Mode { TAKE_OVER, REJECT_NEW }

    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
        Path file = dir.resolve("courtcast.properties");
        Files.writeString(file, "ingest.maxConnections=10\ningest.port=1000\nhttp.port=7000\n");
        Settings settings = Settings.load(file, Map.of("COURTCAST_INGEST_MAX_CONNECTIONS", "20",
                "COURTCAST_INGEST_PORT", "2000"));
        settings.override("ingest.port", 3000);

        assertThat(settings.integer("ingest.port", 1935, 0, 65535)).isEqualTo(3000);
        assertThat(settings.integer("ingest.maxConnections", 5, 1, 100)).isEqualTo(20);
        assertThat(settings.integer("http.port", 8080, 0, 65535)).isEqualTo(7000);
        assertThat(settings.integer("edge.port", 8081, 0, 65535)).isEqualTo(8081);
    }

    @Test
    void environmentNamesFollowTheKey() {
        assertThat(Settings.environmentName("ingest.maxConnections")).isEqualTo("COURTCAST_INGEST_MAX_CONNECTIONS");
        assertThat(Settings.environmentName("ingest.amf.maxDepth")).isEqualTo("COURTCAST_INGEST_AMF_MAX_DEPTH");
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        Settings settings = Settings.empty().override("ingest.port", "-1").override("ingest.app", "x")
                .override("ingest.handshakeTimeout", "soon").override("ingest.takeover", "sometimes");

        assertThatThrownBy(() -> settings.integer("ingest.port", 1935, 0, 65535))
                .isInstanceOf(ConfigException.class).hasMessage("ingest.port must be between 0 and 65535, was -1");
        assertThatThrownBy(() -> settings.integer("ingest.app", 1, 0, 9))
                .hasMessage("ingest.app must be an integer, was 'x'");
        assertThatThrownBy(() -> settings.duration("ingest.handshakeTimeout", Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofHours(1)))
                .hasMessageStartingWith("ingest.handshakeTimeout must be a duration");
        assertThatThrownBy(() -> settings.enumValue("ingest.takeover", Mode.TAKE_OVER))
                .hasMessage("ingest.takeover must be one of [take-over, reject-new], was 'sometimes'");
    }

    @Test
    void durationsAcceptUnitsAndIso8601() {
        Settings settings = Settings.empty().override("a", "500ms").override("b", "10s").override("c", "2m")
                .override("d", "PT1H").override("e", "0.333s");
        Duration max = Duration.ofDays(1);
        assertThat(settings.duration("a", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.duration("b", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.duration("c", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.duration("d", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.duration("e", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMillis(333));
        assertThat(settings.enumValue("none", Mode.REJECT_NEW)).isEqualTo(Mode.REJECT_NEW);
        assertThat(Settings.empty().override("m", "reject-new").enumValue("m", Mode.TAKE_OVER)).isEqualTo(Mode.REJECT_NEW);
    }

    @Test
    void anUnreadableFileIsNamed() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> Settings.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties");
    }
}
