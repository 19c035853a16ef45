package com.courtcast.common.testing;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that runs nothing until the test says so, so a test can pile work up. */
public final class ManualExecutor implements Executor {

    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs queued tasks, and tasks they queue, until none is left. */
    public void runAll() {
        for (Runnable task; (task = poll()) != null; ) {
            task.run();
        }
    }

    public synchronized int pending() {
        return tasks.size();
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
