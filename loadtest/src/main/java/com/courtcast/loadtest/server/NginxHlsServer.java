package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nginx-rtmp making HLS from what is published to its {@code live} application ({@code hls on},
 * 1 s fragments, a 6 s playlist), with an HTTP server on another loopback port that serves the
 * playlists and MPEG-TS fragments to browsers (CORS open, HLS MIME types, no caching). Runs in the
 * foreground as a child process with its configuration, pid, logs and HLS directory in a work
 * directory of its own, never touching the system's nginx.
 *
 * <p>Fragments are named after nginx's own wall clock when it opened them
 * ({@code hls_fragment_naming system}, milliseconds since the epoch): a fragment opens on the
 * keyframe that starts it, so its name says when that keyframe reached the server. The latency
 * benchmark reads the playhead's arrival time from it, as CourtCast's PROGRAM-DATE-TIME gives it
 * for CourtCast. Naming changes no cut, timing or playlist length.
 */
public final class NginxHlsServer implements AutoCloseable {

    /** The HLS location on the HTTP port: {@code /hls/<stream>.m3u8}. */
    public static final String HLS_LOCATION = "/hls";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final int rtmpPort;
    private final int httpPort;
    private final Path directory;

    private NginxHlsServer(ChildProcess process, int rtmpPort, int httpPort, Path directory) {
        this.process = process;
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
        this.directory = directory;
    }

    /** Writes the configuration, starts nginx and waits until it listens. */
    public static NginxHlsServer start(Path workDir) throws IOException, InterruptedException {
        if (!Files.isExecutable(NginxRtmpServer.NGINX) || !Files.exists(NginxRtmpServer.RTMP_MODULE)) {
            throw new IOException("nginx-rtmp is not installed: apt-get install nginx libnginx-mod-rtmp");
        }
        int rtmpPort = FreePorts.pick();
        int httpPort = FreePorts.pick();
        Path dir = workDir.resolve("nginx-hls-" + rtmpPort).toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        Files.createDirectories(dir.resolve("www").resolve("hls"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, configuration(dir, rtmpPort, httpPort));
        ChildProcess process = ChildProcess.start("nginx", List.of(NginxRtmpServer.NGINX.toString(),
                "-p", dir + "/", "-c", conf.toString(), "-e", dir.resolve("error.log").toString()),
                dir, dir.resolve("stdout.log"));
        try {
            process.awaitPort(rtmpPort, START_TIMEOUT);
            process.awaitPort(httpPort, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw new IOException(e.getMessage() + "\nnginx error.log:\n" + tail(dir.resolve("error.log")), e);
        }
        return new NginxHlsServer(process, rtmpPort, httpPort, dir);
    }

    /**
     * The whole nginx.conf: RTMP ingest with HLS into {@code dir/www/hls}, and an HTTP server that
     * serves {@code dir/www}, both on 127.0.0.1. One worker: a stream's HLS is written by the
     * worker its publisher is connected to.
     */
    static String configuration(Path dir, int rtmpPort, int httpPort) {
        return """
                load_module %1$s;
                daemon off;
                master_process on;
                worker_processes 1;
                error_log %2$s/error.log warn;
                pid %2$s/nginx.pid;

                events {
                    worker_connections 1024;
                }

                rtmp {
                    server {
                        listen 127.0.0.1:%3$d;
                        chunk_size 4096;
                        application live {
                            live on;
                            record off;
                            hls on;
                            hls_path %2$s/www/hls;
                            hls_fragment 1s;
                            hls_playlist_length 6s;
                            hls_fragment_naming system;
                        }
                    }
                }

                http {
                    access_log off;
                    sendfile on;
                    tcp_nodelay on;
                    client_body_temp_path %2$s/temp/body;
                    proxy_temp_path %2$s/temp/proxy;
                    fastcgi_temp_path %2$s/temp/fastcgi;
                    uwsgi_temp_path %2$s/temp/uwsgi;
                    scgi_temp_path %2$s/temp/scgi;
                    server {
                        listen 127.0.0.1:%4$d;
                        location %5$s {
                            root %2$s/www;
                            types {
                                application/vnd.apple.mpegurl m3u8;
                                video/mp2t ts;
                            }
                            add_header Cache-Control no-cache always;
                            add_header Access-Control-Allow-Origin * always;
                        }
                    }
                }
                """.formatted(NginxRtmpServer.RTMP_MODULE, dir, rtmpPort, httpPort, HLS_LOCATION);
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The media playlist of {@code stream}, over HTTP. */
    public String playlistUrl(String stream) {
        return "http://127.0.0.1:" + httpPort + HLS_LOCATION + "/" + stream + ".m3u8";
    }

    public ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    /** nginx's version line, e.g. {@code 1.22.1}. */
    public static String version() {
        try {
            Process p = new ProcessBuilder(NginxRtmpServer.NGINX.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.replaceFirst("^nginx version: nginx/", "");
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** Warning and error lines of nginx's error.log so far. */
    public List<String> logProblems() throws IOException {
        Path errorLog = directory.resolve("error.log");
        if (!Files.exists(errorLog)) {
            return List.of();
        }
        return Files.readAllLines(errorLog).stream()
                .filter(line -> line.contains("[warn]") || line.contains("[error]") || line.contains("[crit]")
                        || line.contains("[alert]") || line.contains("[emerg]"))
                .toList();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no error.log)";
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
