package com.courtcast.loadtest.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes a small FLV with the ffmpeg CLI for tests: 160x90 at 30 fps, 0.5 s GOP, AAC at 48 kHz. */
public final class TinyFlv {

    private TinyFlv() {
    }

    /** Writes {@code seconds} of test pattern and tone to {@code file}; skips the test without ffmpeg. */
    public static Path make(Path file, int seconds) throws IOException, InterruptedException {
        List<String> command = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "15",
                "-c:a", "aac", "-b:a", "64k", "-f", "flv", file.toString());
        Process ffmpeg;
        try {
            ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "ffmpeg is not installed: " + e.getMessage());
            throw e;
        }
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        if (!ffmpeg.waitFor(30, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + output);
        }
        return file;
    }
}
