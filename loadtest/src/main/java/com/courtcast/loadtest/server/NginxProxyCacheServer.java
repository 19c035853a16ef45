package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nginx as a caching reverse proxy in front of one origin: what people put in front of a media
 * server, given its best settings for live HLS ({@code proxy_cache_lock} so concurrent misses make
 * one upstream request, stale answers while an entry updates, upstream keep-alive, no access log).
 * Runs in the foreground as a child process with its configuration, cache and logs in a work
 * directory of its own, never touching the system's nginx.
 */
public final class NginxProxyCacheServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final int port;
    private final int workers;

    private NginxProxyCacheServer(ChildProcess process, int port, int workers) {
        this.process = process;
        this.port = port;
        this.workers = workers;
    }

    /**
     * Writes the configuration, starts nginx and waits until it listens.
     *
     * @param originUrl the upstream, e.g. {@code http://127.0.0.1:8080}
     * @param cacheBytes the cache's size ({@code max_size}), the same as the edge it is compared with
     * @param workers nginx worker processes
     */
    public static NginxProxyCacheServer start(Path workDir, String originUrl, long cacheBytes, int workers)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(NginxRtmpServer.NGINX)) {
            throw new IOException("nginx is not installed: apt-get install nginx");
        }
        int port = FreePorts.pick();
        Path dir = workDir.resolve("nginx-cache-" + port).toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        Files.createDirectories(dir.resolve("cache"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, configuration(dir, port, upstreamAddress(originUrl), cacheBytes, workers));
        ChildProcess process = ChildProcess.start("nginx", List.of(NginxRtmpServer.NGINX.toString(),
                "-p", dir + "/", "-c", conf.toString(), "-e", dir.resolve("error.log").toString()),
                dir, dir.resolve("stdout.log"));
        try {
            process.awaitPort(port, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new NginxProxyCacheServer(process, port, workers);
    }

    /** {@code host:port} of an {@code http://host:port} URL. */
    static String upstreamAddress(String originUrl) {
        if (!originUrl.startsWith("http://")) {
            throw new IllegalArgumentException("nginx's upstream must be an http:// URL, was " + originUrl);
        }
        String rest = originUrl.substring("http://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    static String configuration(Path dir, int port, String upstream, long cacheBytes, int workers) {
        return """
                daemon off;
                master_process on;
                worker_processes %5$d;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;

                events {
                    worker_connections 8192;
                }

                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    tcp_nodelay on;
                    keepalive_timeout 65;
                    keepalive_requests 1000000;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    proxy_cache_path %1$s/cache levels=1:2 keys_zone=edge:64m max_size=%4$d inactive=10m use_temp_path=off;

                    upstream origin {
                        server %3$s;
                        keepalive 64;
                    }

                    server {
                        listen 127.0.0.1:%2$d backlog=4096;
                        location / {
                            proxy_pass http://origin;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_cache edge;
                            proxy_cache_lock on;
                            proxy_cache_lock_timeout 5s;
                            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
                            proxy_cache_background_update on;
                            add_header X-Cache-Status $upstream_cache_status;
                        }
                    }
                }
                """.formatted(dir, port, upstream, cacheBytes, workers);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String description() {
        return "nginx " + NginxHlsServer.version() + " proxy_cache (proxy_cache_lock on, use_stale updating, "
                + "background_update on), worker_processes " + workers;
    }

    public ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    @Override
    public void close() {
        process.close();
    }
}
