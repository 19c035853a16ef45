package com.courtcast.transcoder.cmaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.common.testing.NettyLeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real media through the writers, judged by FFmpeg. The FFmpeg CLI encodes a short FLV, the
 * ingest's FLV demuxer turns its tags into codec configurations and access units (as the live
 * pipeline does), and the writers package them as one init segment plus several fragments, some of
 * which do not start on a keyframe (as LL-HLS parts do). Then two independent FFmpeg builds, the
 * Debian one on PATH (5.1) and the FFmpeg 8 bundled with bytedeco's FFmpeg package, must agree:
 * codec, picture size, sample rate and channels; every packet's DTS, PTS and keyframe flag
 * equal to the input's; every video packet decodes to a frame, keyframes where sync samples are;
 * and reading and decoding it all reports no error or warning.
 *
 * <p>FFmpeg takes the keyframe flag of H.264 and AV1 packets from its bitstream parser, so for
 * those the sync sample flags are checked by {@code FragmentWriterTest}'s byte tables; for HEVC
 * and AAC it reports the trun's flags, which this test then compares.
 */
@ExtendWith(NettyLeakCheck.class)
class Fmp4FfprobeIT {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final int VIDEO_TIMESCALE = 90000;

    /** An FFmpeg build: its ffmpeg and ffprobe executables. */
    private record Ffmpeg(String name, String ffmpeg, String ffprobe) {}

    private static final Ffmpeg DEBIAN = new Ffmpeg("ffmpeg on PATH", "ffmpeg", "ffprobe");

    private static Ffmpeg bundled() {
        return new Ffmpeg("FFmpeg 8 (bytedeco)", Loader.load(org.bytedeco.ffmpeg.ffmpeg.class),
                Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
    }

    @TempDir
    Path dir;

    /** One packet as ffprobe should report it: timestamps in the track's timescale, size in bytes. */
    private record Packet(long dts, long pts, boolean key, int size) {}

    /** What was written: per track ID, its spec and its packets in decode order. */
    private record Written(List<TrackSpec> tracks, Map<Integer, List<Packet>> packets) {}

    @Test
    void h264AndAacMuxedInOneFile() throws Exception {
        Path flv = encode(DEBIAN, "h264.flv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-f", "lavfi", "-i", "sine", "-t", "3", "-c:v", "libx264", "-g", "30", "-bf", "2",
                "-c:a", "aac", "-f", "flv");

        Written written = writeFmp4(flv, "h264.mp4", 10, 0, 0);

        assertThat(written.packets().get(1)).hasSizeGreaterThanOrEqualTo(90).anyMatch(p -> p.pts() != p.dts());
        judgeWithBoth("h264.mp4", written, Map.of(1, "h264", 2, "aac"));
    }

    /**
     * Presentation shifted so the first frame is shown at its decode time: B-frames then have
     * negative composition offsets, written with trun version 1.
     */
    @Test
    void h264WithNegativeCompositionOffsets() throws Exception {
        Path flv = encode(DEBIAN, "h264.flv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-t", "2", "-c:v", "libx264", "-g", "30", "-bf", "2", "-f", "flv");

        Written written = writeFmp4(flv, "negative.mp4", 10, 0, 6000);

        assertThat(written.packets().get(1)).anyMatch(p -> p.pts() < p.dts());
        List<Mp4Boxes> boxes = Mp4Boxes.parse(Files.readAllBytes(dir.resolve("negative.mp4")));
        assertThat(boxes).filteredOn(b -> b.type().equals("moof"))
                .extracting(moof -> moof.find("traf/trun").payload()[0]).as("trun versions").contains((byte) 1);
        judgeWithBoth("negative.mp4", written, Map.of(1, "h264"));
    }

    @Test
    void hevcInHvc1WithAac() throws Exception {
        Path flv = encode(bundled(), "hevc.flv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=sample_rate=44100", "-t", "2", "-c:v", "libx265",
                "-x265-params", "log-level=error:keyint=25", "-c:a", "aac", "-f", "flv");

        Written written = writeFmp4(flv, "hevc.mp4", 8, 0, 0);

        assertThat(written.packets().get(1)).hasSizeGreaterThanOrEqualTo(50);
        judgeWithBoth("hevc.mp4", written, Map.of(1, "hevc", 2, "aac"));
    }

    @Test
    void av1WithoutTemporalDelimiters() throws Exception {
        Path flv = encode(bundled(), "av1.flv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-t", "2", "-c:v", "libsvtav1", "-preset", "12", "-g", "30", "-f", "flv");

        Written written = writeFmp4(flv, "av1.mp4", 10, 0, 0);

        assertThat(written.packets().get(1)).hasSizeGreaterThanOrEqualTo(60);
        judgeWithBoth("av1.mp4", written, Map.of(1, "av1"));
    }

    /** 96 kHz takes the AudioSampleEntryV1 + srat path; 48 kHz the usual one. */
    @ParameterizedTest
    @ValueSource(ints = {48000, 96000})
    void audioOnly(int sampleRate) throws Exception {
        Path flv = encode(DEBIAN, "audio.flv", "-f", "lavfi", "-i", "sine=sample_rate=" + sampleRate,
                "-t", "2", "-c:a", "aac", "-ac", "2", "-f", "flv");

        Written written = writeFmp4(flv, "audio.mp4", 0, 16, 0);

        assertThat(written.tracks()).singleElement()
                .satisfies(t -> assertThat(((AacConfig) t.config()).sampleRate()).isEqualTo(sampleRate));
        judgeWithBoth("audio.mp4", written, Map.of(1, "aac"));
    }

    /** Encodes with {@code ffmpeg}; {@code args} are the inputs and options up to the output file. */
    private Path encode(Ffmpeg tools, String name, String... args) throws Exception {
        Path flv = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(List.of(args));
        command.add(flv.toString());
        PeerProcess.run(command);
        return flv;
    }

    /**
     * Demuxes {@code flv} and writes it as fMP4: video (track 1, 90 kHz) cut every
     * {@code videoFramesPerFragment} frames with the audio (track 2, at its sample rate) of the same
     * time span in the same fragment; audio-only streams (track 1) cut every
     * {@code audioFramesPerFragment} frames. Video presentation times are moved
     * {@code videoPtsShiftTicks} earlier.
     */
    private Written writeFmp4(Path flv, String name, int videoFramesPerFragment, int audioFramesPerFragment,
            int videoPtsShiftTicks) throws Exception {
        try (DemuxedFlv in = DemuxedFlv.read(flv)) {
            List<TrackSpec> tracks = new ArrayList<>();
            List<Track> media = new ArrayList<>();
            if (in.video != null) {
                media.add(new Track(media.size() + 1, in.video, VIDEO_TIMESCALE, in.videoUnits, videoPtsShiftTicks));
            }
            if (in.audio != null) {
                media.add(new Track(media.size() + 1, in.audio, in.audio.sampleRate(), in.audioUnits, 0));
            }
            media.forEach(t -> tracks.add(t.spec));

            // Fragment boundaries in milliseconds: every Nth frame of the first track.
            Track lead = media.get(0);
            int step = in.video != null ? videoFramesPerFragment : audioFramesPerFragment;
            List<Long> cuts = new ArrayList<>();
            for (int i = step; i < lead.units.size(); i += step) {
                cuts.add(lead.units.get(i).dtsMillis());
            }
            cuts.add(Long.MAX_VALUE);

            Path out = dir.resolve(name);
            try (FileChannel file = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeAndRelease(file, InitSegmentWriter.write(tracks, ALLOC));
                long sequence = 1;
                for (long cut : cuts) {
                    List<TrackFragment> trafs = new ArrayList<>();
                    for (Track track : media) {
                        TrackFragment traf = track.takeUntil(cut);
                        if (traf != null) {
                            trafs.add(traf);
                        }
                    }
                    writeAndRelease(file, FragmentWriter.write(sequence++, tracks, trafs, ALLOC));
                }
            }
            Map<Integer, List<Packet>> packets = new LinkedHashMap<>();
            for (Track track : media) {
                assertThat(track.next).as("every access unit written").isEqualTo(track.units.size());
                packets.put(track.spec.trackId(), track.packets());
            }
            return new Written(tracks, packets);
        }
    }

    private static void writeAndRelease(FileChannel file, ByteBuf buf) throws IOException {
        try {
            while (buf.isReadable()) {
                buf.readBytes(file, buf.readableBytes());
            }
        } finally {
            buf.release();
        }
    }

    /** One track's access units and how far they have been written; timestamps converted to ticks. */
    private static final class Track {
        final TrackSpec spec;
        final List<AccessUnit> units;
        final int ptsShift;
        int next;

        Track(int trackId, CodecConfig config, int timescale, List<AccessUnit> units, int ptsShift) {
            this.spec = new TrackSpec(trackId, config, timescale);
            this.units = units;
            this.ptsShift = ptsShift;
        }

        long ticks(long millis) {
            return Math.floorDiv(millis * spec.timescale(), 1000);
        }

        long dts(int i) {
            return ticks(units.get(i).dtsMillis());
        }

        long pts(int i) {
            return ticks(units.get(i).ptsMillis()) - ptsShift;
        }

        /**
         * The stored size: the payload less its leading temporal delimiter for AV1, as the writer
         * leaves that out. FFmpeg's FLV muxer starts every AV1 temporal unit with the two-byte
         * delimiter 0x12 0x00.
         */
        int size(int i) {
            ByteBuf payload = units.get(i).payload();
            if (spec.config() instanceof Av1Config) {
                assertThat(payload.getShort(payload.readerIndex())).as("AV1 unit starts with a temporal delimiter")
                        .isEqualTo((short) 0x1200);
                return payload.readableBytes() - 2;
            }
            return payload.readableBytes();
        }

        /** The duration up to the next unit's DTS; the last unit repeats the one before it. */
        int duration(int i) {
            if (i + 1 < units.size()) {
                return (int) (dts(i + 1) - dts(i));
            }
            return i > 0 ? duration(i - 1) : 1;
        }

        /** The next units with DTS before {@code cutMillis} as one track fragment, or null if none. */
        TrackFragment takeUntil(long cutMillis) {
            int first = next;
            List<Sample> samples = new ArrayList<>();
            while (next < units.size() && units.get(next).dtsMillis() < cutMillis) {
                AccessUnit unit = units.get(next);
                samples.add(new Sample(unit.payload(), duration(next), (int) (pts(next) - dts(next)), unit.keyframe()));
                next++;
            }
            return samples.isEmpty() ? null : new TrackFragment(spec.trackId(), dts(first), samples);
        }

        List<Packet> packets() {
            List<Packet> packets = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                packets.add(new Packet(dts(i), pts(i), units.get(i).keyframe(), size(i)));
            }
            return packets;
        }
    }

    private void judgeWithBoth(String name, Written written, Map<Integer, String> codecNames) throws Exception {
        for (Ffmpeg tools : List.of(DEBIAN, bundled())) {
            judge(tools, dir.resolve(name), written, codecNames);
        }
    }

    private static void judge(Ffmpeg tools, Path mp4, Written written, Map<Integer, String> codecNames)
            throws Exception {
        String as = tools.name() + ", " + mp4.getFileName();
        // Stream index i is the i-th trak, i.e. track ID i + 1 here.
        Map<Integer, Map<String, String>> streams = probeStreams(tools, mp4);
        assertThat(streams).as(as + ": streams").hasSize(written.tracks().size());
        for (TrackSpec track : written.tracks()) {
            Map<String, String> stream = streams.get(track.trackId() - 1);
            String what = as + ": track " + track.trackId() + " ";
            assertThat(stream.get("codec_name")).as(what + "codec").isEqualTo(codecNames.get(track.trackId()));
            assertThat(stream.get("time_base")).as(what + "time base").isEqualTo("1/" + track.timescale());
            if (track.config() instanceof VideoConfig video) {
                assertThat(stream.get("width")).as(what + "width").isEqualTo(String.valueOf(video.width()));
                assertThat(stream.get("height")).as(what + "height").isEqualTo(String.valueOf(video.height()));
            } else if (track.config() instanceof AacConfig aac) {
                assertThat(stream.get("sample_rate")).as(what + "sample rate")
                        .isEqualTo(String.valueOf(aac.sampleRate()));
                assertThat(stream.get("channels")).as(what + "channels")
                        .isEqualTo(String.valueOf(aac.channelCount()));
            }
        }

        Map<Integer, List<Packet>> packets = probePackets(tools, mp4);
        for (TrackSpec track : written.tracks()) {
            List<Packet> expected = written.packets().get(track.trackId());
            long ptsDelay = ffmpegPtsDelay(expected);
            List<Packet> probed = packets.get(track.trackId() - 1).stream()
                    .map(p -> new Packet(p.dts(), p.pts() - ptsDelay, p.key(), p.size())).toList();
            assertThat(probed).as(as + ": packets of track " + track.trackId() + " (PTS less " + ptsDelay + ")")
                    .containsExactlyElementsOf(expected);
        }

        for (TrackSpec track : written.tracks()) {
            if (track.config() instanceof VideoConfig) {
                List<Packet> expected = written.packets().get(track.trackId());
                List<String[]> frames = PeerProcess.run(List.of(tools.ffprobe(), "-v", "error",
                                "-select_streams", String.valueOf(track.trackId() - 1),
                                "-show_entries", "frame=key_frame,pts", "-of", "csv=p=0", mp4.toString()))
                        .stdout().lines().filter(line -> !line.isBlank()) // frame side data prints as a blank line
                        .map(line -> line.split(",")).toList();
                assertThat(frames).as(as + ": decoded video frames").hasSize(expected.size());
                // Decoded keyframes are where the sync samples are (AV1 marks only key frames, all are sync here).
                TreeSet<Long> keyPts = new TreeSet<>();
                frames.stream().filter(f -> f[0].equals("1"))
                        .forEach(f -> keyPts.add(Long.parseLong(f[1]) - ffmpegPtsDelay(expected)));
                TreeSet<Long> syncPts = new TreeSet<>();
                expected.stream().filter(Packet::key).forEach(p -> syncPts.add(p.pts()));
                assertThat(keyPts).as(as + ": keyframe PTS").isEqualTo(syncPts);
            }
        }

        PeerProcess.Output decode = PeerProcess.run(List.of(tools.ffmpeg(), "-hide_banner", "-v", "warning",
                "-i", mp4.toString(), "-f", "null", "-"));
        assertThat(decode.stderr() + decode.stdout()).as(as + ": decoding reports no error or warning").isEmpty();
    }

    /**
     * With negative composition offsets FFmpeg's MP4 demuxer keeps the DTS and presents everything
     * later by the largest negative offset, so that no PTS precedes its DTS; 0 otherwise.
     */
    private static long ffmpegPtsDelay(List<Packet> packets) {
        return Math.max(0, -packets.stream().mapToLong(p -> p.pts() - p.dts()).min().orElse(0));
    }

    /** Stream index to its fields (codec_name, width, ...), from ffprobe's flat key=value output. */
    private static Map<Integer, Map<String, String>> probeStreams(Ffmpeg tools, Path mp4) throws Exception {
        String out = PeerProcess.run(List.of(tools.ffprobe(), "-v", "error", "-show_entries",
                "stream=index,codec_name,width,height,sample_rate,channels,time_base", "-of", "default=nw=1",
                mp4.toString())).stdout();
        Map<Integer, Map<String, String>> streams = new HashMap<>();
        Map<String, String> current = null;
        for (String line : out.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv[0].equals("index")) {
                current = new HashMap<>();
                streams.put(Integer.parseInt(kv[1]), current);
            } else if (current != null) {
                current.put(kv[0], kv[1]);
            }
        }
        return streams;
    }

    /** Stream index to its packets, from ffprobe's "stream_index,pts,dts,size,flags" lines. */
    private static Map<Integer, List<Packet>> probePackets(Ffmpeg tools, Path mp4) throws Exception {
        PeerProcess.Output probe = PeerProcess.run(List.of(tools.ffprobe(), "-v", "warning", "-show_entries",
                "packet=stream_index,pts,dts,size,flags", "-of", "csv=p=0", mp4.toString()));
        assertThat(probe.stderr()).as(tools.name() + ": ffprobe reading " + mp4.getFileName()).isEmpty();
        String out = probe.stdout();
        Map<Integer, List<Packet>> packets = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(",");
            packets.computeIfAbsent(Integer.parseInt(f[0]), k -> new ArrayList<>())
                    .add(new Packet(Long.parseLong(f[2]), Long.parseLong(f[1]), f[4].startsWith("K"),
                            Integer.parseInt(f[3])));
        }
        return packets;
    }
}
