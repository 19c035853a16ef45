package com.courtcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.common.testing.ExternalProcess;
import com.courtcast.ingest.live.FanOutLimits;
import com.courtcast.ingest.live.LiveStreamRegistry;
import com.courtcast.ingest.live.TakeoverPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real FFmpeg CLI publishes to the ingest while recording the very same packets to an FLV file
 * (tee muxer); ffprobe then reads that file, and what the ingest demuxed must match it frame for
 * frame: count, keyframe positions, DTS and PTS (B-frames on, so composition times matter), and the
 * codec configuration bytes.
 */
class IngestFfmpegIT {

    private static final String NAME = "court1";
    private static final String KEY = "it-key-0123456789abcdef";

    @TempDir
    Path temp;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService delivery = Executors.newVirtualThreadPerTaskExecutor();
    private LiveStreamRegistry registry;
    private RtmpServer server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        start(TakeoverPolicy.TAKE_OVER);
    }

    private void start(TakeoverPolicy policy) throws Exception {
        IngestMetrics metrics = new IngestMetrics(meters);
        registry = new LiveStreamRegistry(policy, FanOutLimits.DEFAULTS, delivery, metrics, Clock.systemUTC());
        server = new RtmpServer(IngestConfig.defaults().withAddress("127.0.0.1", 0),
                new StaticKeyAuthorizer(Map.of(KEY, NAME)), registry, metrics);
        port = server.start().getPort();
    }

    @AfterEach
    void stopServer() {
        server.close();
        delivery.shutdownNow();
    }

    private String publishUrl(String key) {
        return "rtmp://127.0.0.1:" + port + "/live/" + key;
    }

    private static List<String> ffmpegPublish(String url, double seconds) {
        return ffmpegCommand(seconds, "flv", url);
    }

    private static List<String> ffmpegCommand(double seconds, String format, String output, String... extra) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100",
                "-t", String.valueOf(seconds), "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-bf", "2", "-c:a", "aac", "-b:a", "64k"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-f", format, output));
        return command;
    }

    @Test
    void framesTimestampsAndConfigMatchWhatFfprobeSeesInTheSameStream() throws Exception {
        RecordingSink sink = new RecordingSink();
        registry.subscribe(NAME, "test", sink);
        Path recording = temp.resolve("same-packets.flv");
        // The tee muxer sends identical packets to the ingest and to the file.
        ExternalProcess.run(Duration.ofSeconds(60), ffmpegCommand(6, "tee",
                "[f=flv]" + publishUrl(KEY) + "|[f=flv]" + recording, "-flags", "+global_header"));
        awaitPublishEnded(sink);

        List<ProbedPacket> probed = probePackets(recording);
        assertSameFrames(sink.frames(TrackType.VIDEO), probed.stream().filter(p -> p.video).toList());
        assertSameFrames(sink.frames(TrackType.AUDIO), probed.stream().filter(p -> !p.video).toList());
        assertThat(sink.frames(TrackType.VIDEO)).hasSizeGreaterThan(140);
        assertThat(sink.frames(TrackType.VIDEO).stream().filter(RecordingSink.Frame::keyframe)
                .map(RecordingSink.Frame::dts)).containsExactly(0L, 2000L, 4000L);

        String streams = ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error",
                "-show_streams", "-show_data", recording.toString()));
        List<MediaEvent.ConfigChanged> configs = sink.events(MediaEvent.ConfigChanged.class);
        AvcConfig avc = configs.stream().map(MediaEvent.ConfigChanged::config)
                .filter(AvcConfig.class::isInstance).map(AvcConfig.class::cast).findFirst().orElseThrow();
        AacConfig aac = configs.stream().map(MediaEvent.ConfigChanged::config)
                .filter(AacConfig.class::isInstance).map(AacConfig.class::cast).findFirst().orElseThrow();
        List<String> extradata = extradataHex(streams);
        assertThat(HexFormat.of().formatHex(avc.record())).isEqualTo(extradata.get(0));
        assertThat(HexFormat.of().formatHex(aac.record())).isEqualTo(extradata.get(1));
        assertThat(avc.width()).isEqualTo(640);
        assertThat(avc.height()).isEqualTo(360);
        assertThat(avc.frameRate()).isEqualTo(25.0);
        assertThat(streams).contains("level=" + avc.levelIdc());
        assertThat(aac.sampleRate()).isEqualTo(44100);
        assertThat(aac.channelCount()).isEqualTo(1);
        assertThat(meters.get("courtcast.ingest.frames").tag("type", "video").counter().count())
                .isEqualTo(sink.frames(TrackType.VIDEO).size());
    }

    /**
     * Enhanced RTMP: FFmpeg 8 (the command-line tools bytedeco's FFmpeg package ships; Debian's 5.1
     * predates Enhanced RTMP) publishes HEVC and AV1 as {@code hvc1} / {@code av01}.
     */
    @ParameterizedTest
    @CsvSource({"libx265,HevcConfig", "libsvtav1,Av1Config"})
    void enhancedRtmpHevcAndAv1MatchWhatFfprobeSees(String encoder, String configType) throws Exception {
        RecordingSink sink = new RecordingSink();
        registry.subscribe(NAME, "test", sink);
        String ffmpeg8 = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        String ffprobe8 = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
        Path recording = temp.resolve("enhanced.flv");
        List<String> command = new ArrayList<>(List.of(ffmpeg8, "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-t", "3", "-map", "0:v", "-map", "1:a", "-c:v", encoder, "-g", "25", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-flags", "+global_header", "-f", "tee",
                "[f=flv]" + publishUrl(KEY) + "|[f=flv]" + recording));
        if (encoder.equals("libx265")) {
            command.addAll(command.indexOf("-g"), List.of("-x265-params", "log-level=error:bframes=0"));
        } else {
            command.addAll(command.indexOf("-g"), List.of("-preset", "12"));
        }
        ExternalProcess.run(Duration.ofSeconds(90), command);
        awaitPublishEnded(sink);

        List<ProbedPacket> probed = probePackets(ffprobe8, recording);
        assertSameFrames(sink.frames(TrackType.VIDEO), probed.stream().filter(p -> p.video).toList());
        assertSameFrames(sink.frames(TrackType.AUDIO), probed.stream().filter(p -> !p.video).toList());
        assertThat(sink.frames(TrackType.VIDEO)).hasSizeGreaterThanOrEqualTo(70);
        VideoConfig video = sink.events(MediaEvent.ConfigChanged.class).stream()
                .map(MediaEvent.ConfigChanged::config).filter(VideoConfig.class::isInstance)
                .map(VideoConfig.class::cast).findFirst().orElseThrow();
        assertThat(video.getClass().getSimpleName()).isEqualTo(configType);
        assertThat(video.width()).isEqualTo(320);
        assertThat(video.height()).isEqualTo(240);
    }

    @Test
    void wrongKeyIsRefusedAndCounted() throws Exception {
        ExternalProcess ffmpeg = ExternalProcess.start(ffmpegPublish(publishUrl("wrong-key-0123456789"), 2));
        assertThat(ffmpeg.await(Duration.ofSeconds(30))).isNotZero();
        assertThat(registry.status(NAME)).isEmpty();
        assertThat(meters.get("courtcast.ingest.rejects").tag("reason", "unauthorized").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void secondPublisherTakesOverAndConsumersStayAttached() throws Exception {
        RecordingSink sink = new RecordingSink();
        registry.subscribe(NAME, "test", sink);
        ExternalProcess first = ExternalProcess.start(ffmpegPublish(publishUrl(KEY), 30));
        awaitFrames(sink, 25);
        ExternalProcess second = ExternalProcess.start(ffmpegPublish(publishUrl(KEY), 4));
        assertThat(second.await(Duration.ofSeconds(60))).isZero();
        assertThat(first.await(Duration.ofSeconds(30))).as("the first encoder is disconnected").isNotZero();
        awaitPublishEnded(sink);

        List<MediaEvent.PublishStarted> starts = sink.events(MediaEvent.PublishStarted.class);
        List<MediaEvent.PublishEnded> ends = sink.events(MediaEvent.PublishEnded.class);
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0).publishId()).isNotEqualTo(starts.get(1).publishId());
        assertThat(ends.get(0).reason()).startsWith("taken over by a new publisher");
        assertThat(ends.get(0).publishId()).isEqualTo(starts.get(0).publishId());
    }

    @Test
    void secondPublisherIsRefusedWhenConfiguredSo() throws Exception {
        server.close();
        start(TakeoverPolicy.REJECT_NEW);
        RecordingSink sink = new RecordingSink();
        registry.subscribe(NAME, "test", sink);
        ExternalProcess first = ExternalProcess.start(ffmpegPublish(publishUrl(KEY), 6));
        awaitFrames(sink, 25);
        ExternalProcess second = ExternalProcess.start(ffmpegPublish(publishUrl(KEY), 2));
        assertThat(second.await(Duration.ofSeconds(30))).isNotZero();
        assertThat(first.await(Duration.ofSeconds(30))).isZero();
        assertThat(sink.events(MediaEvent.PublishStarted.class)).hasSize(1);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private record ProbedPacket(boolean video, long dts, long pts, boolean keyframe) {}

    private static List<ProbedPacket> probePackets(Path file) throws Exception {
        return probePackets("ffprobe", file);
    }

    private static List<ProbedPacket> probePackets(String ffprobe, Path file) throws Exception {
        String csv = ExternalProcess.run(Duration.ofSeconds(30), List.of(ffprobe, "-v", "error",
                "-show_entries", "packet=codec_type,dts,pts,flags", "-of", "csv=p=0", file.toString()));
        List<ProbedPacket> packets = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length >= 4) {
                packets.add(new ProbedPacket(f[0].equals("video"), Long.parseLong(f[2]), Long.parseLong(f[1]),
                        f[3].startsWith("K")));
            }
        }
        return packets;
    }

    private static void assertSameFrames(List<RecordingSink.Frame> ours, List<ProbedPacket> probed) {
        assertThat(ours).hasSameSizeAs(probed);
        for (int i = 0; i < ours.size(); i++) {
            RecordingSink.Frame frame = ours.get(i);
            ProbedPacket packet = probed.get(i);
            assertThat(List.of(frame.dts(), frame.pts(), frame.keyframe()))
                    .as("frame %d (%s)", i, frame.track())
                    .isEqualTo(List.of(packet.dts(), packet.pts(), packet.keyframe()));
        }
    }

    /** The extradata of each stream, in stream order, from ffprobe's -show_data hex dump. */
    private static List<String> extradataHex(String showStreams) {
        List<String> result = new ArrayList<>();
        Pattern block = Pattern.compile("extradata=\\s*\\n((?:[0-9a-f]{8}: .*\\n)+)");
        Matcher matcher = block.matcher(showStreams);
        while (matcher.find()) {
            StringBuilder hex = new StringBuilder();
            for (String line : matcher.group(1).split("\n")) {
                String bytes = line.substring(10, Math.min(line.length(), 10 + 40));
                hex.append(bytes.replace(" ", ""));
            }
            result.add(hex.toString());
        }
        return result;
    }

    private void awaitFrames(RecordingSink sink, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sink.frames(TrackType.VIDEO).size() < count) {
            assertThat(System.nanoTime()).as("waiting for %d frames", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitPublishEnded(RecordingSink sink) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sink.events(MediaEvent.PublishEnded.class).isEmpty()
                || sink.events(MediaEvent.PublishEnded.class).size() < sink.events(MediaEvent.PublishStarted.class).size()) {
            assertThat(System.nanoTime()).as("waiting for the publish to end").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
