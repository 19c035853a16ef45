package com.courtcast.loadtest.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.media.TrackType;
import com.courtcast.loadtest.testing.TinyFlv;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads an FLV that FFmpeg wrote, so the reader is judged by an independent muxer. */
class FlvFileTest {

    @TempDir
    static Path dir;
    static Path flv;
    static FlvFile file;

    @BeforeAll
    static void makeFile() throws Exception {
        flv = TinyFlv.make(dir.resolve("tiny.flv"), 2);
        file = FlvFile.read(flv);
    }

    @Test
    void readsTheMetadataFfmpegWrote() {
        assertThat(file.metadata()).first().isEqualTo("onMetaData");
        assertThat(file.metadataProperties().get("width")).isEqualTo(160.0);
        assertThat(file.metadataProperties().get("height")).isEqualTo(90.0);
    }

    @Test
    void separatesTheCodecConfigurationsFromTheFrames() {
        assertThat(file.configTags()).extracting(FlvTag::track)
                .containsExactlyInAnyOrder(TrackType.VIDEO, TrackType.AUDIO);
        assertThat(file.configTags()).allMatch(FlvTag::config).allMatch(tag -> tag.timestampMillis() == 0);
        assertThat(file.frames()).noneMatch(FlvTag::config);
    }

    @Test
    void countsEveryFrameAndLeavesOutTheEndOfSequenceTag() {
        assertThat(file.videoFrameCount()).isEqualTo(60);
        // 2 s of AAC at 48 kHz is 93.75 frames of 1024 samples; FFmpeg may pad one or two more.
        assertThat(file.audioFrameCount()).isBetween(93L, 97L);
        assertThat(file.frames()).filteredOn(tag -> tag.track() == TrackType.VIDEO)
                .allMatch(tag -> tag.body().getByte(1) == 1, "AVC NALU packets only");
    }

    @Test
    void marksKeyframesAtEachGop() {
        assertThat(file.frames().stream().filter(t -> t.track() == TrackType.VIDEO).findFirst().orElseThrow().keyframe())
                .isTrue();
        assertThat(file.frames().stream().filter(FlvTag::keyframe).count()).isEqualTo(4);
        assertThat(file.keyframeIntervalMillis()).isEqualTo(500);
    }

    @Test
    void loopsOneFrameAfterTheLastTimestamp() {
        long last = file.frames().stream().mapToLong(FlvTag::timestampMillis).max().orElseThrow();
        assertThat(file.loopDurationMillis()).isBetween(last + 30, last + 40);
        assertThat(file.loopDurationMillis()).isBetween(2_000L, 2_100L);
    }

    @Test
    void keepsTimestampsInOrderPerTrack() {
        for (TrackType track : TrackType.values()) {
            List<Long> times = file.frames().stream().filter(t -> t.track() == track)
                    .map(FlvTag::timestampMillis).toList();
            assertThat(times).isSorted();
        }
    }

    @Test
    void sharesTheFileInsteadOfCopyingIt() {
        FlvTag tag = file.frames().get(5);
        var first = tag.retainedBody();
        var second = tag.retainedBody();
        try {
            assertThat(first.unwrap()).isSameAs(second.unwrap());
            assertThat(first).isEqualTo(tag.body());
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void replaysWhatIsWholeOfATruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(flv);
        FlvFile truncated = FlvFile.parse(Unpooled.wrappedBuffer(Arrays.copyOf(bytes, bytes.length - 100)));
        assertThat(truncated.frames().size()).isBetween(file.frames().size() - 3, file.frames().size() - 1);
    }

    @Test
    void refusesWhatIsNotFlv() {
        assertThatThrownBy(() -> FlvFile.parse(Unpooled.wrappedBuffer("not a video file".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IOException.class).hasMessageContaining("not an FLV file");
    }
}
