package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.proc.FfmpegFiles;
import com.courtcast.transcoder.ladder.Rung;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One source the transcode benchmark feeds both transcoders, and the ladder made from it: a
 * test pattern with a tone, H.264 (x264 veryfast, B-frames as that preset makes them, a fixed GOP,
 * capped at the bitrate) and AAC in FLV, made once with the ffmpeg CLI and kept in the work
 * directory.
 *
 * @param name how the report names it, e.g. {@code 720p30}
 * @param videoKbps the source's video bitrate (also its VBV cap)
 * @param gopSeconds the source's keyframe interval
 * @param ladder the rungs made from it, highest first
 */
public record TranscodeInput(String name, int width, int height, int frameRate, int videoKbps, int gopSeconds,
                             List<Rung> ladder) {

    static final int AUDIO_KBPS = 96;

    /** 720p30 at 2.5 Mbit/s, 2 s GOP, to 480p and 360p. */
    public static final TranscodeInput HD720 = new TranscodeInput("720p30", 1280, 720, 30, 2500, 2,
            Rung.parseLadder("--inputs 720p30", "480p,360p"));
    /** 1080p30 at 5 Mbit/s, 2 s GOP, to 720p, 480p and 360p. */
    public static final TranscodeInput HD1080 = new TranscodeInput("1080p30", 1920, 1080, 30, 5000, 2,
            Rung.parseLadder("--inputs 1080p30", "720p,480p,360p"));
    public static final List<TranscodeInput> ALL = List.of(HD720, HD1080);

    public TranscodeInput {
        ladder = List.copyOf(ladder);
    }

    /** {@code 720p30} or {@code 1080p30} (also {@code 720p}, {@code 1080p}). */
    public static TranscodeInput named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (TranscodeInput input : ALL) {
            if (input.name().equals(n) || input.name().equals(n + "30")) {
                return input;
            }
        }
        throw new IllegalArgumentException("--inputs: '" + name.trim() + "' is not one of "
                + ALL.stream().map(TranscodeInput::name).toList());
    }

    /** The ladder as CourtCast's configuration writes it, e.g. {@code 480p@1200k,360p@600k}. */
    public String ladderSpec() {
        return ladder.stream().map(r -> r.name() + "@" + r.bitsPerSecond() / 1000 + "k")
                .collect(Collectors.joining(","));
    }

    /** {@code transcode-1080p30-5000k-gop2s-20s.flv}: every property of the file is in its name. */
    public String fileName(int seconds) {
        return "transcode-" + name + "-" + videoKbps + "k-gop" + gopSeconds + "s-" + seconds + "s.flv";
    }

    /** The ffmpeg command that makes the file. */
    public List<String> ffmpegCommand(int seconds, Path output) {
        String gop = String.valueOf(gopSeconds * frameRate);
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + frameRate,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-b:v", videoKbps + "k", "-maxrate", videoKbps + "k", "-bufsize", videoKbps + "k",
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", AUDIO_KBPS + "k",
                "-f", "flv", output.toString());
    }

    /**
     * {@code transcode-720p30-2500k-live-20s.flv}: the same picture as set up for live low latency
     * (see {@link #liveFfmpegCommand}).
     */
    public String liveFileName(int seconds) {
        return "transcode-" + name + "-" + videoKbps + "k-live-" + seconds + "s.flv";
    }

    /**
     * The ffmpeg command for the live variant: as a live encoder sends it, and as the latency
     * benchmark's live publisher encodes (x264 zerolatency: no B-frames; a 1 s GOP).
     */
    public List<String> liveFfmpegCommand(int seconds, Path output) {
        String gop = String.valueOf(frameRate);
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + frameRate,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-b:v", videoKbps + "k", "-maxrate", videoKbps + "k", "-bufsize", videoKbps + "k",
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", AUDIO_KBPS + "k",
                "-f", "flv", output.toString());
    }

    /** The file for {@code seconds} in {@code workDir}, made first if it is missing. */
    public Path ensure(Path workDir, int seconds) throws IOException, InterruptedException {
        return FfmpegFiles.ensure(workDir, fileName(seconds), partial -> ffmpegCommand(seconds, partial));
    }

    /** The live variant's file for {@code seconds} in {@code workDir}, made first if it is missing. */
    public Path ensureLive(Path workDir, int seconds) throws IOException, InterruptedException {
        return FfmpegFiles.ensure(workDir, liveFileName(seconds), partial -> liveFfmpegCommand(seconds, partial));
    }
}
