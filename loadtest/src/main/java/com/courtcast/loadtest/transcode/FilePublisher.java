package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.server.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * ffmpeg replaying an FLV file over RTMP at real time ({@code -re}), looped, its packets copied:
 * a live publisher that costs next to no CPU, so on a small machine the server under test does not
 * share its cores with a live encoder. Stops by itself after {@code duration}.
 */
final class FilePublisher implements LivePublisher {

    private final ChildProcess process;

    private FilePublisher(ChildProcess process) {
        this.process = process;
    }

    static FilePublisher start(Path file, String rtmpUrl, Duration duration, Path workDir) throws IOException {
        return new FilePublisher(ChildProcess.start("ffmpeg", command(file, rtmpUrl, duration), workDir,
                workDir.resolve("ffmpeg-publisher.log")));
    }

    static List<String> command(Path file, String rtmpUrl, Duration duration) {
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "warning",
                "-re", "-stream_loop", "-1", "-i", file.toString(), "-t", String.valueOf(duration.toSeconds()),
                "-map", "0", "-c", "copy", "-f", "flv", rtmpUrl);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String logTail() {
        return process.tail(20);
    }

    @Override
    public void close() {
        process.close();
    }
}
