package com.courtcast.loadtest.transcode;

import com.courtcast.loadtest.server.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ffmpeg replaying an FLV file over RTMP at real time ({@code -re}), its packets copied: a live
 * publisher that costs next to no CPU, so on a small machine the server under test does not share
 * its cores with a live encoder. Stops at the file's end, unless looped: that is only for windows
 * longer than a file worth making (a soak), because ffmpeg's {@code -stream_loop} leaves a
 * timestamp gap at each loop (the file's duration is its longest track's), which the packager
 * lists as a part of PART-TARGET length and counts.
 */
final class FilePublisher implements LivePublisher {

    private final ChildProcess process;

    private FilePublisher(ChildProcess process) {
        this.process = process;
    }

    static FilePublisher start(Path file, boolean loop, String rtmpUrl, Path workDir) throws IOException {
        return new FilePublisher(ChildProcess.start("ffmpeg", command(file, loop, rtmpUrl), workDir,
                workDir.resolve("ffmpeg-publisher.log")));
    }

    static List<String> command(Path file, boolean loop, String rtmpUrl) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "warning", "-re"));
        if (loop) {
            command.addAll(List.of("-stream_loop", "-1"));
        }
        command.addAll(List.of("-i", file.toString(), "-map", "0", "-c", "copy", "-f", "flv", rtmpUrl));
        return command;
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
