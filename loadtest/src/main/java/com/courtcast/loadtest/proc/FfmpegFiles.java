package com.courtcast.loadtest.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;

/** Test media the benchmarks make once with ffmpeg and keep in their work directory. */
public final class FfmpegFiles {

    private FfmpegFiles() {
    }

    /**
     * The file {@code name} in {@code workDir}, made first with the ffmpeg command
     * {@code commandFor} gives for an output path when it is missing. ffmpeg writes to a partial
     * file that is renamed atomically, so an interrupted run never leaves a truncated input behind.
     */
    public static Path ensure(Path workDir, String name, Function<Path, List<String>> commandFor)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path file = workDir.resolve(name);
        if (Files.exists(file) && Files.size(file) > 0) {
            return file;
        }
        Path partial = workDir.resolve(name + ".partial.flv");
        List<String> command = commandFor.apply(partial);
        System.err.println("bench: making " + name + ": " + String.join(" ", command));
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (status != 0) {
            Files.deleteIfExists(partial);
            throw new IOException("ffmpeg exited with status " + status + " making " + file
                    + " (is ffmpeg with libx264 installed? apt-get install ffmpeg)");
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
