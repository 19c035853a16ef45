package com.courtcast.loadtest.latency;

import com.courtcast.loadtest.proc.ProcessTree;
import com.courtcast.loadtest.server.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One ffmpeg that encodes a test pattern with a tone in real time ({@code -re}; 1 s GOP, x264
 * zerolatency, no scene cuts) and publishes the same packets to every RTMP URL through the tee
 * muxer, so both servers get identical media at the same moment. {@code onfail=ignore}: a server
 * that drops the connection does not stop the other's feed. The encoder stops by itself after
 * {@code duration}.
 */
public final class TeePublisher implements AutoCloseable {

    private final ChildProcess process;

    private TeePublisher(ChildProcess process) {
        this.process = process;
    }

    public static TeePublisher start(List<String> rtmpUrls, Duration duration, Path workDir) throws IOException {
        return start(rtmpUrls, duration, workDir, "640x360", "1M");
    }

    /**
     * As {@link #start(List, Duration, Path)}, with another picture size (e.g. {@code 1280x720})
     * and video bitrate (e.g. {@code 2500k}).
     */
    public static TeePublisher start(List<String> rtmpUrls, Duration duration, Path workDir, String size,
                                     String videoBitrate) throws IOException {
        List<String> command = command(rtmpUrls, duration, size, videoBitrate);
        return new TeePublisher(ChildProcess.start("ffmpeg", command, workDir, workDir.resolve("ffmpeg.log")));
    }

    /** The ffmpeg command line (also what the report shows, with the stream keys masked). */
    static List<String> command(List<String> rtmpUrls, Duration duration) {
        return command(rtmpUrls, duration, "640x360", "1M");
    }

    /** The ffmpeg command line for a picture size and video bitrate. */
    public static List<String> command(List<String> rtmpUrls, Duration duration, String size, String videoBitrate) {
        if (rtmpUrls.isEmpty()) {
            throw new IllegalArgumentException("no RTMP URL to publish to");
        }
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30",
                "-f", "lavfi", "-i", "sine=sample_rate=48000",
                "-t", String.valueOf(duration.toSeconds()),
                "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-b:v", videoBitrate,
                "-c:a", "aac", "-b:a", "64k",
                // FLV carries the codec configuration as a sequence header: the encoders must make
                // global headers, which they do by themselves only when muxing straight to FLV.
                "-flags", "+global_header",
                "-f", "tee"));
        command.add(rtmpUrls.stream().map(url -> "[f=flv:onfail=ignore]" + url).collect(Collectors.joining("|")));
        return command;
    }

    ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        return process.tail(20);
    }

    @Override
    public void close() {
        process.close();
    }
}
