package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.IOException;
import java.util.List;

/** An RTMP server the ingest benchmark measures, running as its own process tree. */
public interface ServerUnderTest extends AutoCloseable {

    /** Short name used in results: {@code courtcast} or {@code nginx}. */
    String name();

    /** How it was started (version, mode, worker count), for the results. */
    String description();

    int rtmpPort();

    /** The server's processes, for CPU and memory samples. */
    ProcessTree processTree();

    /** What the server itself says it received. */
    ServerCounters counters() throws IOException, InterruptedException;

    /** Warning and error lines from the server's log so far. */
    List<String> logProblems() throws IOException;

    /** Stops the server and all its processes; never throws. */
    @Override
    void close();
}
