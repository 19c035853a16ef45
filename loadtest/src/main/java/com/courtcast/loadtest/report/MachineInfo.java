package com.courtcast.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, as results should state it.
 *
 * @param cores {@code nproc}
 * @param cpuModel the {@code model name} of /proc/cpuinfo
 * @param memoryGib total memory
 * @param os PRETTY_NAME of /etc/os-release
 * @param kernel the kernel release
 * @param java the JVM running the benchmark (and CourtCast's server)
 */
public record MachineInfo(int cores, String cpuModel, long memoryGib, String os, String kernel, String java) {

    public static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                firstValue(Path.of("/proc/cpuinfo"), "model name", ":"),
                Math.round(kib(firstValue(Path.of("/proc/meminfo"), "MemTotal", ":")) / 1024.0 / 1024.0),
                firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", "=").replace("\"", ""),
                read(Path.of("/proc/sys/kernel/osrelease")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    /** One line for a report. */
    public String describe() {
        return cores + " cores (nproc), " + cpuModel + ", " + memoryGib + " GiB RAM, " + os + ", Linux " + kernel
                + ", " + java;
    }

    private static long kib(String value) {
        try {
            return Long.parseLong(value.replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String firstValue(Path file, String key, String separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(separator) + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // reported as unknown
        }
        return "unknown";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
