package com.courtcast.ingest.flv;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.HevcConfig;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.ingest.flv.DemuxResult.ConfigResult;
import com.courtcast.ingest.flv.DemuxResult.FrameResult;
import com.courtcast.ingest.flv.DemuxResult.Ignored;
import com.courtcast.ingest.flv.DemuxResult.Unsupported;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Demuxes every tag of FLV files that FFmpeg wrote and lets ffprobe judge the result: the frames of
 * each track (count, order, DTS, PTS, keyframe flag and payload size) must equal ffprobe's packets,
 * and each parsed configuration must agree with ffprobe's stream description.
 *
 * <p>Files are written at test time by the {@code ffmpeg} on PATH, or by the FFmpeg in the directory
 * named by the system property {@code courtcast.ffmpeg.dir}. Enhanced RTMP FLV (hvc1, av01, vp09)
 * needs FFmpeg 6.1 or newer; with an older FFmpeg on PATH those tests use the FFmpeg 8 command-line
 * tools that bytedeco's FFmpeg package ships, and the files recorded in {@link RecordedEnhancedFlv}
 * keep that path checked too.
 */
class FlvDemuxerFfmpegTest {

    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;

    @TempDir
    Path dir;

    /** Set by tests that need Enhanced RTMP FLV when the FFmpeg on PATH is too old to write it. */
    private static boolean useBundledFfmpeg;

    @AfterEach
    void usePathFfmpegAgain() {
        useBundledFfmpeg = false;
    }

    private static String ffmpeg() {
        if (useBundledFfmpeg) {
            return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        }
        return tool("ffmpeg");
    }

    private static String ffprobe() {
        if (useBundledFfmpeg) {
            return Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
        }
        return tool("ffprobe");
    }

    private static String tool(String name) {
        String dir = System.getProperty("courtcast.ffmpeg.dir");
        return dir == null || dir.isBlank() ? name : Path.of(dir, name).toString();
    }

    /** Makes sure the FFmpeg in use writes Enhanced RTMP FLV (6.1 or newer), else takes the bundled FFmpeg 8. */
    private static void assumeEnhancedFlvMuxer() throws Exception {
        String banner = run(ffmpeg(), "-hide_banner", "-version").lines().findFirst().orElse("");
        Matcher version = Pattern.compile("^ffmpeg version n?(\\d+)\\.(\\d+)").matcher(banner);
        boolean tooOld = version.find()
                && Integer.parseInt(version.group(1)) * 100 + Integer.parseInt(version.group(2)) < 601;
        if (tooOld) {
            useBundledFfmpeg = true;
        }
    }

    @Test
    void legacyH264AndAacMatchFfprobe() throws Exception {
        Path flv = dir.resolve("legacy.flv");
        run(ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "3", "-c:v", "libx264", "-profile:v", "high", "-bf", "3", "-g", "30",
                "-c:a", "aac", "-ac", "2", "-f", "flv", flv.toString());

        Demuxed demuxed = demuxFile(flv);

        assertThat(demuxed.unsupported).isEmpty();
        assertMatchesFfprobe(demuxed, flv);
        assertThat(demuxed.frames.get(TrackType.VIDEO)).hasSize(90).filteredOn(Frame::keyframe).hasSize(3);
        assertThat(demuxed.frames.get(TrackType.AUDIO)).hasSizeGreaterThan(140);
        AvcConfig avc = (AvcConfig) demuxed.configs.get(TrackType.VIDEO);
        assertThat(avc.codecsString()).isEqualTo("avc1.64001F");
        assertThat(avc.frameRate()).isEqualTo(30.0);
        assertThat(demuxed.ignored).contains("H.264 end of sequence");
        assertThat(demuxed.frames.get(TrackType.VIDEO)).anyMatch(f -> f.compositionOffset > 0);
    }

    @Test
    void enhancedHevcAndAacMatchFfprobe() throws Exception {
        assumeEnhancedFlvMuxer();
        Path flv = dir.resolve("hevc.flv");
        run(ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "2", "-c:v", "libx265", "-x265-params", "log-level=error",
                "-c:a", "aac", "-f", "flv", flv.toString());

        Demuxed demuxed = demuxFile(flv);

        assertThat(demuxed.unsupported).isEmpty();
        assertMatchesFfprobe(demuxed, flv);
        assertThat(demuxed.frames.get(TrackType.VIDEO)).hasSize(50);
        assertThat(demuxed.frames.get(TrackType.AUDIO)).hasSizeGreaterThan(85);
        HevcConfig hevc = (HevcConfig) demuxed.configs.get(TrackType.VIDEO);
        assertThat(hevc.codecsString()).isEqualTo("hvc1.1.6.L90.90");
        assertThat(hevc.frameRate()).isEqualTo(25.0);
        assertThat(demuxed.ignored).contains("Enhanced RTMP video metadata (colorInfo) is not used");
    }

    @Test
    void enhancedAv1MatchesFfprobe() throws Exception {
        assumeEnhancedFlvMuxer();
        Path flv = dir.resolve("av1.flv");
        run(ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-t", "2", "-c:v", "libsvtav1", "-preset", "12", "-f", "flv", flv.toString());

        Demuxed demuxed = demuxFile(flv);

        assertThat(demuxed.unsupported).isEmpty();
        assertMatchesFfprobe(demuxed, flv);
        assertThat(demuxed.frames.get(TrackType.VIDEO)).hasSize(60);
        Av1Config av1 = (Av1Config) demuxed.configs.get(TrackType.VIDEO);
        assertThat(av1.codecsString()).startsWith("av01.0.");
    }

    @Test
    void enhancedVp9IsReportedUnsupported() throws Exception {
        assumeEnhancedFlvMuxer();
        Path flv = dir.resolve("vp9.flv");
        run(ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "0.5",
                "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-f", "flv", flv.toString());

        Demuxed demuxed = demuxFile(flv);

        assertThat(demuxed.frames.get(TrackType.VIDEO)).isEmpty();
        assertThat(demuxed.unsupported)
                .isNotEmpty()
                .allMatch(d -> d.equals("video codec VP9 (FourCC vp09) is not supported; publish H.264, HEVC or AV1"));
    }

    @Test
    void recordedEnhancedHevcMatchesFfprobe8() throws Exception {
        Demuxed demuxed = demux(RecordedEnhancedFlv.HEVC);

        assertThat(demuxed.unsupported).isEmpty();
        assertFramesMatch(demuxed, RecordedEnhancedFlv.HEVC_PACKETS);
        HevcConfig hevc = (HevcConfig) demuxed.configs.get(TrackType.VIDEO);
        assertThat(hevc.width()).isEqualTo(176);
        assertThat(hevc.height()).isEqualTo(100);
        assertThat(hevc.levelIdc()).isEqualTo(30);
        assertThat(hevc.frameRate()).isEqualTo(25.0);
        assertThat(demuxed.frames.get(TrackType.VIDEO)).anyMatch(f -> f.compositionOffset > 0)
                .anyMatch(f -> f.compositionOffset == 0);
        assertThat(demuxed.ignored).containsExactly("Enhanced RTMP video metadata (colorInfo) is not used");
    }

    @Test
    void recordedEnhancedAv1MatchesFfprobe8() throws Exception {
        Demuxed demuxed = demux(RecordedEnhancedFlv.AV1);

        assertThat(demuxed.unsupported).isEmpty();
        assertFramesMatch(demuxed, RecordedEnhancedFlv.AV1_PACKETS);
        Av1Config av1 = (Av1Config) demuxed.configs.get(TrackType.VIDEO);
        assertThat(av1.width()).isEqualTo(176);
        assertThat(av1.height()).isEqualTo(100);
        assertThat(av1.seqLevelIdx()).isZero();
        assertThat(demuxed.ignored).containsExactly("empty AV1 sequence header",
                "Enhanced RTMP video metadata (colorInfo) is not used");
    }

    /** One demuxed access unit, copied out so the test holds no buffers. */
    private record Frame(long dts, int compositionOffset, boolean keyframe, int size) {
        long pts() {
            return dts + compositionOffset;
        }
    }

    private static final class Demuxed {
        final Map<TrackType, CodecConfig> configs = new HashMap<>();
        final Map<TrackType, List<Frame>> frames = Map.of(TrackType.VIDEO, new ArrayList<>(),
                TrackType.AUDIO, new ArrayList<>());
        final List<String> ignored = new ArrayList<>();
        final List<String> unsupported = new ArrayList<>();
    }

    /** A minimal FLV file reader (FLV spec E.2, E.3): header, then tags each followed by PreviousTagSize. */
    private static Demuxed demuxFile(Path flv) throws IOException, MediaFormatException {
        return demux(Files.readAllBytes(flv));
    }

    private static Demuxed demux(byte[] file) throws MediaFormatException {
        ByteBuf in = Unpooled.wrappedBuffer(file);
        FlvDemuxer demuxer = new FlvDemuxer();
        Demuxed out = new Demuxed();
        try {
            assertThat(in.readCharSequence(3, StandardCharsets.US_ASCII).toString()).isEqualTo("FLV");
            in.skipBytes(2);
            in.readerIndex((int) in.readUnsignedInt() + 4);
            while (in.readableBytes() >= 11) {
                int type = in.readUnsignedByte() & 0x1F;
                int size = in.readUnsignedMedium();
                long timestamp = in.readUnsignedMedium() | (long) in.readUnsignedByte() << 24;
                in.skipBytes(3);
                ByteBuf body = in.readRetainedSlice(size);
                in.skipBytes(4);
                try {
                    if (type == TAG_AUDIO || type == TAG_VIDEO) {
                        TrackType track = type == TAG_VIDEO ? TrackType.VIDEO : TrackType.AUDIO;
                        record(out, track, demuxer.demux(track, timestamp, body));
                    }
                } finally {
                    body.release();
                }
            }
        } finally {
            in.release();
        }
        assertThat(in.refCnt()).as("every payload slice was released").isZero();
        return out;
    }

    private static void record(Demuxed out, TrackType track, DemuxResult result) {
        switch (result) {
            case ConfigResult config -> out.configs.put(track, config.config());
            case FrameResult frame -> {
                AccessUnit unit = frame.unit();
                try {
                    out.frames.get(track).add(new Frame(unit.dtsMillis(), unit.compositionOffsetMillis(),
                            unit.keyframe(), unit.size()));
                } finally {
                    unit.release();
                }
            }
            case Ignored ignored -> out.ignored.add(ignored.why());
            case Unsupported unsupported -> out.unsupported.add(unsupported.description());
        }
    }

    private static void assertMatchesFfprobe(Demuxed demuxed, Path flv) throws Exception {
        String packets = run(ffprobe(), "-v", "error", "-show_entries", "packet=codec_type,pts,dts,flags,size",
                "-of", "csv=p=0", flv.toString());
        assertFramesMatch(demuxed, packets.strip().lines().toList());

        String streams = run(ffprobe(), "-v", "error", "-show_entries",
                "stream=codec_type,width,height,level,sample_rate,channels", "-of", "default=nw=1", flv.toString());
        Map<String, String> facts = new HashMap<>();
        String section = "";
        for (String line : streams.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv[0].equals("codec_type")) {
                section = kv[1];
            } else {
                facts.put(section + "." + kv[0], kv[1]);
            }
        }
        if (demuxed.configs.get(TrackType.VIDEO) instanceof VideoConfig video) {
            assertThat(video.width()).as("width").isEqualTo(Integer.parseInt(facts.get("video.width")));
            assertThat(video.height()).as("height").isEqualTo(Integer.parseInt(facts.get("video.height")));
            int level = switch (video) {
                case AvcConfig avc -> avc.levelIdc();
                case HevcConfig hevc -> hevc.levelIdc();
                case Av1Config av1 -> av1.seqLevelIdx();
            };
            assertThat(level).as("level").isEqualTo(Integer.parseInt(facts.get("video.level")));
        }
        if (demuxed.configs.get(TrackType.AUDIO) instanceof AacConfig aac) {
            assertThat(aac.sampleRate()).isEqualTo(Integer.parseInt(facts.get("audio.sample_rate")));
            assertThat(aac.channelCount()).isEqualTo(Integer.parseInt(facts.get("audio.channels")));
        }
    }

    /** Compares the demuxed frames of each track with ffprobe's "codec_type,pts,dts,size,flags" lines. */
    private static void assertFramesMatch(Demuxed demuxed, List<String> ffprobePackets) {
        Map<TrackType, List<Frame>> expected = Map.of(TrackType.VIDEO, new ArrayList<>(),
                TrackType.AUDIO, new ArrayList<>());
        for (String line : ffprobePackets) {
            String[] f = line.split(",");
            TrackType track = f[0].equals("video") ? TrackType.VIDEO : TrackType.AUDIO;
            long pts = Long.parseLong(f[1]);
            long dts = Long.parseLong(f[2]);
            expected.get(track).add(new Frame(dts, (int) (pts - dts), f[4].startsWith("K"), Integer.parseInt(f[3])));
        }
        for (TrackType track : TrackType.values()) {
            assertThat(demuxed.frames.get(track)).as(track + " frames against ffprobe's packets")
                    .containsExactlyElementsOf(expected.get(track));
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " timed out");
        }
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
