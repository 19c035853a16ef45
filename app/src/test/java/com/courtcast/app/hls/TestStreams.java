package com.courtcast.app.hls;

import java.util.List;

/** ffmpeg command lines for the test publishers and readers. */
final class TestStreams {

    private TestStreams() {
    }

    /**
     * A 1 s-GOP H.264 + AAC test pattern published in real time, small enough for two cores while
     * other peers run.
     */
    static List<String> publish(String rtmpUrl, int seconds) {
        return publish(rtmpUrl, seconds, "320x240", "500k");
    }

    /** The same test pattern at another picture size (e.g. {@code 854x480}) and video bitrate. */
    static List<String> publish(String rtmpUrl, int seconds, String size, String videoBitrate) {
        return List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
                "-b:v", videoBitrate, "-c:a", "aac", "-b:a", "64k", "-f", "flv", rtmpUrl);
    }

    /**
     * ffmpeg as a player: decodes what a playlist names until it ends or {@code seconds} pass,
     * printing progress (out_time_us) to stdout so a test can see how far it got.
     */
    static List<String> decode(String playlistUrl, int seconds) {
        return List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error",
                "-i", playlistUrl, "-t", Integer.toString(seconds), "-progress", "pipe:1", "-f", "null", "-");
    }

    /** The last {@code out_time_us} ffmpeg's progress reported, in seconds. */
    static double decodedSeconds(String progress) {
        double last = 0;
        for (String line : progress.split("\n")) {
            if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
                last = Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1e6;
            }
        }
        return last;
    }

    /** Lines of ffmpeg's output that are not progress reports: its errors. */
    static String errors(String output) {
        StringBuilder errors = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.isBlank() && !line.matches("[a-z_0-9]+=.*")) {
                errors.append(line).append('\n');
            }
        }
        return errors.toString();
    }
}
