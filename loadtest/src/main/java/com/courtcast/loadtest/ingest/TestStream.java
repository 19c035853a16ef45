package com.courtcast.loadtest.ingest;

import com.courtcast.loadtest.proc.FfmpegFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's input: one minute of 720p30 test pattern with a tone, H.264 (x264 veryfast,
 * zerolatency, 2 s GOP, constrained to the bitrate) and AAC 96k in FLV, made once with the ffmpeg
 * CLI and kept in the work directory.
 */
public final class TestStream {

    static final int AUDIO_KBPS = 96;
    private static final int SECONDS = 60;

    private TestStream() {
    }

    /** The file name for a bitrate: {@code bench-720p-2.5M.flv} for 2500k. */
    public static String fileName(int totalKbps) {
        String rate = totalKbps % 100 == 0 && totalKbps >= 1000
                ? String.format(Locale.ROOT, "%sM", trim(totalKbps / 1000.0)) : totalKbps + "k";
        return "bench-720p-" + rate + ".flv";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** The ffmpeg command that makes the file (video gets the total minus 100k for audio and muxing). */
    public static List<String> ffmpegCommand(int totalKbps, Path output) {
        int videoKbps = totalKbps - 100;
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", String.valueOf(SECONDS),
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                "-b:v", videoKbps + "k", "-maxrate", totalKbps + "k", "-bufsize", totalKbps + "k", "-g", "60",
                "-c:a", "aac", "-b:a", AUDIO_KBPS + "k",
                "-f", "flv", output.toString());
    }

    /** The file for {@code totalKbps} in {@code workDir}, made first if it is missing. */
    public static Path ensure(Path workDir, int totalKbps) throws IOException, InterruptedException {
        return FfmpegFiles.ensure(workDir, fileName(totalKbps), partial -> ffmpegCommand(totalKbps, partial));
    }
}
