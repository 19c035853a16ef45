package com.courtcast.loadtest.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.transcoder.ladder.Rung;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscodeBenchOptionsTest {

    @Test
    void defaultsMeasureBothInputsAndTheAddedLatencyOf720p() {
        TranscodeBenchOptions o = TranscodeBenchOptions.parse(List.of(), Path.of("/repo"));

        assertThat(o.inputs()).containsExactly(TranscodeInput.HD720, TranscodeInput.HD1080);
        assertThat(o.seconds()).isEqualTo(20);
        assertThat(o.repeats()).isEqualTo(3);
        assertThat(o.latencyInput()).isEqualTo(TranscodeInput.HD720);
        assertThat(o.liveEncoder()).isFalse();
        assertThat(o.latencySeconds()).isEqualTo(30);
        assertThat(o.warmupSeconds()).isEqualTo(10);
        assertThat(o.workDir()).isEqualTo(Path.of("/repo/loadtest/work/transcode"));
        assertThat(o.resultsDir()).isEqualTo(Path.of("/repo/loadtest/results"));
    }

    @Test
    void flagsSetEveryOption() {
        TranscodeBenchOptions o = TranscodeBenchOptions.parse(List.of("--inputs", "1080p", "--seconds", "5",
                "--repeats", "3", "--latency-input", "1080p30", "--latency-publisher", "live", "--latency-seconds", "0", "--warmup", "2",
                "--server-jvm-opts", " -Xmx1g  -XX:+UseZGC "), Path.of("/repo"));

        assertThat(o.inputs()).containsExactly(TranscodeInput.HD1080);
        assertThat(o.seconds()).isEqualTo(5);
        assertThat(o.repeats()).isEqualTo(3);
        assertThat(o.latencyInput()).isEqualTo(TranscodeInput.HD1080);
        assertThat(o.liveEncoder()).isTrue();
        assertThat(o.latencySeconds()).isZero();
        assertThat(o.warmupSeconds()).isEqualTo(2);
        assertThat(o.serverJvmOptions()).containsExactly("-Xmx1g", "-XX:+UseZGC");
        assertThat(TranscodeBenchOptions.parse(List.of("--inputs", "none"), Path.of("/r")).inputs()).isEmpty();
    }

    @Test
    void badFlagsAreRefusedNamingTheFlagAndValue() {
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--inputs", "720p,4k"), Path.of("/r")))
                .hasMessageContaining("'4k' is not one of [720p30, 1080p30]");
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--inputs", "720p,720p30"), Path.of("/r")))
                .hasMessageContaining("names 720p30 twice");
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--seconds", "1"), Path.of("/r")))
                .hasMessageContaining("--seconds must be 2..3600, was 1");
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--repeats", "x"), Path.of("/r")))
                .hasMessageContaining("--repeats must be a whole number, was 'x'");
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--warmup"), Path.of("/r")))
                .hasMessageContaining("--warmup needs a value");
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--latency-publisher", "obs"), Path.of("/r")))
                .hasMessageContaining("--latency-publisher must be file or live, was 'obs'");
        assertThatThrownBy(() -> TranscodeBenchOptions.parse(List.of("--fast", "1"), Path.of("/r")))
                .hasMessageContaining("unknown flag --fast");
    }

    @Test
    void inputsNameTheirLadderAndFile() {
        assertThat(TranscodeInput.HD720.ladderSpec()).isEqualTo("480p@1200k,360p@600k");
        assertThat(TranscodeInput.HD1080.ladderSpec()).isEqualTo("720p@2500k,480p@1200k,360p@600k");
        assertThat(Rung.parseLadder("x", TranscodeInput.HD1080.ladderSpec())).isEqualTo(TranscodeInput.HD1080.ladder());
        assertThat(TranscodeInput.HD1080.fileName(20)).isEqualTo("transcode-1080p30-5000k-gop2s-20s.flv");
        assertThat(TranscodeInput.HD720.ffmpegCommand(20, Path.of("/w/out.flv"))).containsSubsequence(
                "testsrc2=size=1280x720:rate=30", "-t", "20", "-b:v", "2500k", "-g", "60", "-keyint_min", "60",
                "/w/out.flv");
    }

    @Test
    void theLiveVariantHasNoBFramesAndAOneSecondGopAndIsReplayedAtRealTimeWithItsPacketsCopied() {
        assertThat(TranscodeInput.HD720.liveFileName(20)).isEqualTo("transcode-720p30-2500k-live-20s.flv");
        assertThat(TranscodeInput.HD720.liveFfmpegCommand(20, Path.of("/w/live.flv"))).containsSubsequence(
                "-tune", "zerolatency", "-b:v", "2500k", "-g", "30", "-keyint_min", "30", "/w/live.flv");
        assertThat(FilePublisher.command(Path.of("/w/live.flv"), false, "rtmp://127.0.0.1:1/live/k"))
                .containsExactly("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "warning", "-re",
                        "-i", "/w/live.flv", "-map", "0", "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:1/live/k");
        assertThat(FilePublisher.command(Path.of("/w/live.flv"), true, "rtmp://127.0.0.1:1/live/k"))
                .containsSubsequence("-re", "-stream_loop", "-1", "-i", "/w/live.flv");
    }

    @Test
    void theLoadAverageIsUptimesFirstFigure() {
        assertThat(LoadAverage.parseOneMinute("4.22 3.46 2.50 3/512 12345\n")).isEqualTo(4.22);
        assertThatThrownBy(() -> LoadAverage.parseOneMinute("busy")).hasMessageContaining("not a /proc/loadavg line");
    }
}
