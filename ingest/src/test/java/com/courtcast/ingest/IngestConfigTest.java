package com.courtcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void wakeUpCoalescingDefaultsToOneMillisecondAndCanBeTurnedOff() {
        assertThat(IngestConfig.defaults().wakeupCoalescing()).isEqualTo(Duration.ofMillis(1));
        Settings off = Settings.load(null, Map.of("COURTCAST_INGEST_WAKEUP_COALESCING", "0s"));
        assertThat(IngestConfig.from(off).wakeupCoalescing()).isZero();
    }

    @Test
    void wakeUpCoalescingAboveFiftyMillisecondsIsRefusedByName() {
        Settings tooLong = Settings.load(null, Map.of("COURTCAST_INGEST_WAKEUP_COALESCING", "51ms"));
        assertThatThrownBy(() -> IngestConfig.from(tooLong))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.wakeupCoalescing");
    }
}
