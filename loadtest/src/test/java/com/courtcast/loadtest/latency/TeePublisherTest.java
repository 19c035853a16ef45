package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeePublisherTest {

    @Test
    void oneEncoderFeedsEveryServerThroughTheTeeMuxer() {
        List<String> command = TeePublisher.command(
                List.of("rtmp://127.0.0.1:1/live/key", "rtmp://127.0.0.1:2/live/bench"), Duration.ofSeconds(150));
        assertThat(command).containsSubsequence("-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30");
        assertThat(command).containsSubsequence("-t", "150");
        assertThat(command).containsSubsequence("-g", "30", "-keyint_min", "30", "-sc_threshold", "0");
        assertThat(command).containsSubsequence("-flags", "+global_header", "-f", "tee");
        assertThat(command.getLast())
                .isEqualTo("[f=flv:onfail=ignore]rtmp://127.0.0.1:1/live/key|[f=flv:onfail=ignore]rtmp://127.0.0.1:2/live/bench");
    }

    @Test
    void anotherPictureSizeAndBitrateCanBePublished() {
        List<String> command = TeePublisher.command(List.of("rtmp://127.0.0.1:1/live/key"), Duration.ofSeconds(60),
                "1280x720", "2500k");
        assertThat(command).contains("testsrc2=size=1280x720:rate=30");
        assertThat(command).containsSubsequence("-sc_threshold", "0", "-b:v", "2500k");
    }
}
