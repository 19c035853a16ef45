package com.courtcast.loadtest.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.transcoder.ladder.LadderConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegLadderTest {

    /** What bytedeco's FFmpeg 8.0.1 printed for the 720p30 ladder (abridged). */
    private static final String STDERR = """
            Input #0, flv, from 'transcode-720p30-2500k-gop2s-20s.flv':
            [out#0/null @ 0x5562b0b24640] video:2989KiB audio:0KiB subtitle:0KiB other streams:0KiB global headers:0KiB muxing overhead: unknown
            [out#1/null @ 0x5562b0b355c0] video:1487KiB audio:0KiB subtitle:0KiB other streams:0KiB global headers:0KiB muxing overhead: unknown
            bench: utime=7.810s stime=0.255s rtime=15.655s
            bench: maxrss=80476KiB
            [libx264 @ 0x5562b0b31340] frame I:10    Avg QP: 7.37  size: 17394
            [libx264 @ 0x5562b0b31340] frame P:590   Avg QP:16.45  size:  4893
            [libx264 @ 0x5562b0b31340] mb I  I16..4: 84.4%  2.2% 13.4%
            [libx264 @ 0x5562b0b31340] kb/s:1224.32
            [libx264 @ 0x5562b0b9c3c0] frame I:10    Avg QP: 7.31  size: 10663
            [libx264 @ 0x5562b0b9c3c0] frame P:590   Avg QP:16.48  size:  2399
            [libx264 @ 0x5562b0b9c3c0] kb/s:608.90
            """;

    @Test
    void theCommandMakesEveryRungWithCourtcastsEncoderSettings() {
        List<String> command = FfmpegLadder.command("/x/ffmpeg", Path.of("/w/in.flv"), 1920, 1080,
                TranscodeInput.HD1080.ladder(), LadderConfig.defaults());

        assertThat(command.getFirst()).isEqualTo("/x/ffmpeg");
        assertThat(command).containsSubsequence("-benchmark", "-threads", "1", "-i", "/w/in.flv",
                "-filter_complex_threads", "1", "-filter_complex");
        assertThat(command).contains("[0:v]split=3[s0][s1][s2];[s0]scale=1280:720:flags=bilinear[v0];"
                + "[s1]scale=854:480:flags=bilinear[v1];[s2]scale=640:360:flags=bilinear[v2]");
        assertThat(command).containsSubsequence("-map", "[v1]", "-c:v", "libx264", "-preset", "veryfast",
                "-tune", "zerolatency", "-forced-idr", "1", "-x264-params",
                "keyint=infinite:scenecut=0:rc-lookahead=0:bframes=0", "-b:v", "1200k", "-maxrate", "1200k",
                "-bufsize", "1200k", "-threads", "1", "-force_key_frames", "source", "-f", "null", "-");
        assertThat(command.stream().filter("-map"::equals)).hasSize(3);
    }

    @Test
    void itsCpuTimesOutputSizesAndPictureCountsAreRead() {
        FfmpegLadder.Report report = FfmpegLadder.parse(STDERR, 2);

        assertThat(report.userSeconds()).isEqualTo(7.81);
        assertThat(report.systemSeconds()).isEqualTo(0.255);
        assertThat(report.realSeconds()).isEqualTo(15.655);
        assertThat(report.outputBytes()).containsExactly(2989L * 1024, 1487L * 1024);
        assertThat(report.pictures()).isEqualTo(1200);
        assertThat(report.keyframes()).isEqualTo(20);
        assertThat(report.encoders()).isEqualTo(2);
    }

    @Test
    void ffmpeg51sKilobytesAreReadToo() {
        String old = "[out#0/null @ 0x1] video:100kB audio:0kB\nbench: utime=1.000s stime=0.500s rtime=2.000s\n";

        assertThat(FfmpegLadder.parse(old, 1).outputBytes()).containsExactly(100_000L);
    }

    @Test
    void missingFiguresAreNamed() {
        assertThatThrownBy(() -> FfmpegLadder.parse("[out#0/null @ 0x1] video:1KiB", 1))
                .hasMessageContaining("no 'bench: utime=");
        assertThatThrownBy(() -> FfmpegLadder.parse(STDERR, 3)).hasMessageContaining("no size for output #2");
    }
}
