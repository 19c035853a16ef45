package com.courtcast.loadtest.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake /proc: an nginx master with two workers, a grandchild, and an unrelated process. */
class ProcessTreeTest {

    @TempDir
    Path proc;

    @Test
    void addsUpTheRootAndAllItsDescendants() throws IOException {
        process(100, 1, 1000, 200, 512);
        process(101, 100, 3000, 400, 1024);
        process(102, 100, 2000, 100, 1024);
        process(103, 101, 5, 5, 10);
        process(200, 1, 99_999, 99_999, 99_999);
        Files.createDirectories(proc.resolve("self")); // non-numeric entries are not processes

        ProcessTreeSample sample = new ProcessTree(proc, 100).sample();

        assertThat(sample.processes()).isEqualTo(4);
        assertThat(sample.cpuTicks()).isEqualTo(1200 + 3400 + 2100 + 10);
        assertThat(sample.systemTicks()).isEqualTo(200 + 400 + 100 + 5);
        assertThat(sample.rssBytes()).isEqualTo((512 + 1024 + 1024 + 10) * 4096L);
    }

    @Test
    void givesCpuSecondsBetweenTwoSamples() {
        ProcessTreeSample before = new ProcessTreeSample(0, 800, 200, 0, 1);
        ProcessTreeSample after = new ProcessTreeSample(30_000_000_000L, 3_000, 1_000, 0, 1);
        assertThat(after.cpuSecondsSince(before, ProcessTree.TICKS_PER_SECOND)).isEqualTo(30.0);
        assertThat(after.systemSecondsSince(before, ProcessTree.TICKS_PER_SECOND)).isEqualTo(8.0);
    }

    @Test
    void isEmptyWhenTheRootIsGone() throws IOException {
        process(101, 100, 3000, 400, 1024);
        assertThat(new ProcessTree(proc, 100).sample().processes()).isZero();
    }

    private void process(int pid, int parent, long user, long system, long rss) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (p" + pid + ") S " + parent + " 1 1 0 -1 0 0 0 0 0 "
                + user + " " + system + " 0 0 20 0 1 0 100 1000 " + rss + " 0\n");
    }
}
