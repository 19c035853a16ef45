package com.courtcast.origin.recording;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor that may have many threads.
 * One task per executor turn, so a busy rendition does not starve the others sharing the pool.
 * A task's effects happen-before the next task starts (the hand-over goes through {@code scheduled}).
 */
final class SerialQueue {

    /** A unit of work that can also be told it will never run. */
    interface Task {
        void run();

        void reject(Throwable cause);
    }

    private static final Logger log = LoggerFactory.getLogger(SerialQueue.class);

    private final Executor executor;
    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialQueue(Executor executor) {
        this.executor = executor;
    }

    void submit(Task task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::runOne);
        } catch (RejectedExecutionException e) {
            // The executor is shut down: nothing queued will ever run, so fail it now rather than hang.
            for (Task task; (task = tasks.poll()) != null; ) {
                task.reject(e);
            }
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }

    private void runOne() {
        try {
            Task task = tasks.poll();
            if (task != null) {
                task.run();
            }
        } catch (RuntimeException | Error e) {
            log.error("Recording task failed unexpectedly", e);
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
