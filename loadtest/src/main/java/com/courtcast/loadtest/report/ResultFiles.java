package com.courtcast.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

/**
 * How every benchmark leaves its results in {@code loadtest/results/}: {@code <name>-<date>.md} for
 * people, {@code <name>-<date>.json} for tools, and {@code <name>-latest.md} as a copy of the newest.
 */
public final class ResultFiles {

    private ResultFiles() {
    }

    /** Writes the three files; returns the dated Markdown file. */
    public static Path write(Path dir, String name, LocalDate date, String markdown, String json) throws IOException {
        Files.createDirectories(dir);
        Path dated = dir.resolve(name + "-" + date + ".md");
        Files.writeString(dated, markdown);
        Files.writeString(dir.resolve(name + "-" + date + ".json"), json);
        Files.copy(dated, dir.resolve(name + "-latest.md"), StandardCopyOption.REPLACE_EXISTING);
        return dated;
    }
}
