package com.courtcast.loadtest.edge;

/**
 * One wrk run against one cache.
 *
 * @param server {@code courtcast} or {@code nginx}
 * @param workload what was asked for, e.g. {@code 1 KB playlist}
 * @param wrk what wrk measured
 * @param serverCpuSeconds CPU seconds of the cache's processes during the run
 * @param originRequests requests that reached the origin during the run
 */
record ThroughputRow(String server, String workload, WrkResult wrk, double serverCpuSeconds, long originRequests) {

    /** Server CPU microseconds per request answered. */
    double cpuMicrosPerRequest() {
        return wrk.requests() == 0 ? Double.NaN : serverCpuSeconds * 1e6 / wrk.requests();
    }
}
