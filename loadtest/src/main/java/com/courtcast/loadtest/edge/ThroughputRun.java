package com.courtcast.loadtest.edge;

import com.courtcast.loadtest.proc.ProcessTree;
import com.courtcast.loadtest.proc.ProcessTreeSample;
import com.courtcast.loadtest.server.CourtcastEdgeServer;
import com.courtcast.loadtest.server.NginxProxyCacheServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cache-hit throughput: CourtCast's edge and nginx's proxy_cache in front of the same
 * {@link StaticOrigin}, each asked by wrk for a 1 KB playlist and then a 200 KB part over the same
 * number of keep-alive connections. Both caches run for the whole run; the workloads alternate
 * between them, so a slow drift of the machine touches both alike.
 */
final class ThroughputRun {

    /** The workloads, by name: what wrk asks for. */
    static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("1 KB playlist", StaticOrigin.PLAYLIST_PATH);
        WORKLOADS.put("200 KB part", StaticOrigin.PART_PATH);
    }

    /** Long enough for the JIT to finish with the hit path before wrk measures (about 500 compilations in 3 s). */
    static final int WARMUP_SECONDS = 10;

    private final EdgeBenchOptions options;
    private String nginxDescription = "";
    private String wrkCommand = "";

    ThroughputRun(EdgeBenchOptions options) {
        this.options = options;
    }

    List<ThroughputRow> run(Path dir) throws IOException, InterruptedException {
        Wrk.requireInstalled();
        Wrk wrk = new Wrk(options.wrkThreads(), options.connections(), options.wrkSeconds());
        Wrk warmup = new Wrk(options.wrkThreads(), options.connections(), WARMUP_SECONDS);
        List<ThroughputRow> rows = new ArrayList<>();
        try (StaticOrigin origin = StaticOrigin.start();
             CourtcastEdgeServer courtcast = CourtcastEdgeServer.start(dir, origin.url(),
                     Map.of("edge.cache.maxBytes", String.valueOf(options.cacheBytes())), options.serverJvmOptions());
             NginxProxyCacheServer nginx = NginxProxyCacheServer.start(dir, origin.url(), options.cacheBytes(),
                     options.nginxWorkers())) {
            nginxDescription = nginx.description();
            Map<String, String> urls = Map.of("courtcast", courtcast.url(), "nginx", nginx.url());
            Map<String, ProcessTree> trees = Map.of("courtcast", courtcast.processTree(), "nginx", nginx.processTree());
            for (Map.Entry<String, String> workload : WORKLOADS.entrySet()) {
                for (String server : List.of("courtcast", "nginx")) {
                    String url = urls.get(server) + workload.getValue();
                    requireOk(url);
                    wrkCommand = wrk.commandLine("URL");
                    warmup.run(url);
                    long originBefore = origin.requests();
                    ProcessTreeSample before = trees.get(server).sample();
                    WrkResult result = wrk.run(url);
                    ProcessTreeSample after = trees.get(server).sample();
                    rows.add(new ThroughputRow(server, workload.getKey(), result,
                            after.cpuSecondsSince(before, ProcessTree.TICKS_PER_SECOND),
                            origin.requests() - originBefore));
                    System.err.printf("bench: %-9s %-14s %,10.0f req/s  p99 %.2f ms%n", server, workload.getKey(),
                            result.requestsPerSecond(), result.p99Millis());
                }
            }
            List<String> problems = courtcast.logProblems();
            if (!problems.isEmpty()) {
                System.err.println("bench: the edge logged problems:\n  " + String.join("\n  ", problems));
            }
        }
        return rows;
    }

    /** One request through the cache first: a cache that answers wrongly must not be measured. */
    private static void requireOk(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
        }
    }

    String nginxDescription() {
        return nginxDescription;
    }

    String wrkCommand() {
        return wrkCommand;
    }
}
