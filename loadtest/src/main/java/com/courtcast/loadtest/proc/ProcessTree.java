package com.courtcast.loadtest.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the CPU time and RSS of a process and all its descendants from {@code /proc}: the JVM of
 * our server (its threads are already in its own stat line), or the nginx master and its workers.
 *
 * <p>The kernel scales each process's utime + stime to the scheduler's exact run time, so these
 * figures are precise even for work in bursts shorter than a clock tick (the machine-wide
 * {@code /proc/stat}, sampled at ticks, is not: it misses timer-driven bursts, which is why the
 * benchmark does not use it).
 *
 * <p>Descendants are found through each process's parent pid, read from every
 * {@code /proc/N/stat}, so workers started after the first sample are counted too. A process that
 * exits between listing and reading is skipped; its CPU time is then missing from later samples,
 * so the benchmark checks that the tree's process count did not change during a window.
 */
public final class ProcessTree {

    /** Clock ticks per second of {@code utime}/{@code stime}: USER_HZ, 100 on Linux on x86 and arm. */
    public static final long TICKS_PER_SECOND = 100;
    private static final long PAGE_SIZE = 4096;

    private final Path proc;
    private final int rootPid;

    public ProcessTree(int rootPid) {
        this(Path.of("/proc"), rootPid);
    }

    ProcessTree(Path proc, int rootPid) {
        this.proc = proc;
        this.rootPid = rootPid;
    }

    public int rootPid() {
        return rootPid;
    }

    public ProcessTreeSample sample() throws IOException {
        long now = System.nanoTime();
        List<ProcStat> tree = members(readAll());
        return new ProcessTreeSample(now, tree.stream().mapToLong(ProcStat::userTicks).sum(),
                tree.stream().mapToLong(ProcStat::systemTicks).sum(),
                tree.stream().mapToLong(ProcStat::rssPages).sum() * PAGE_SIZE, tree.size());
    }

    private List<ProcStat> members(Map<Integer, ProcStat> all) {
        Map<Integer, List<ProcStat>> children = new HashMap<>();
        for (ProcStat stat : all.values()) {
            children.computeIfAbsent(stat.parentPid(), k -> new ArrayList<>()).add(stat);
        }
        List<ProcStat> members = new ArrayList<>();
        ProcStat root = all.get(rootPid);
        if (root == null) {
            return members;
        }
        Deque<ProcStat> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            ProcStat next = pending.pop();
            members.add(next);
            pending.addAll(children.getOrDefault(next.pid(), List.of()));
        }
        return members;
    }

    private Map<Integer, ProcStat> readAll() throws IOException {
        Map<Integer, ProcStat> all = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    ProcStat stat = ProcStat.parse(Files.readString(entry.resolve("stat")).strip());
                    all.put(stat.pid(), stat);
                } catch (IOException | IllegalArgumentException gone) {
                    // exited while we listed: not part of the tree any more
                }
            }
        }
        return all;
    }
}
