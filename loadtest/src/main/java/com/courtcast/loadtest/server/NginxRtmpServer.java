package com.courtcast.loadtest.server;

import com.courtcast.loadtest.proc.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peer we compare with: nginx with the RTMP module ({@code libnginx-mod-rtmp}), configured
 * for ingest only (live, no recording), run in the foreground as a child process with its own
 * configuration, pid and logs in a work directory, so that it never touches the system's nginx.
 * An HTTP server on another loopback port serves {@code rtmp_stat}, from which the number of
 * publishing streams and the bytes received are read; but each worker keeps its own statistics
 * and the page shows the one worker that served it, so with more than one worker these figures
 * are left unknown.
 */
public final class NginxRtmpServer implements ServerUnderTest {

    public static final Path NGINX = Path.of("/usr/sbin/nginx");
    public static final Path RTMP_MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern BYTES_IN = Pattern.compile("<bytes_in>(\\d+)</bytes_in>");

    private final ChildProcess process;
    private final int rtmpPort;
    private final int httpPort;
    private final int workers;

    private NginxRtmpServer(ChildProcess process, int rtmpPort, int httpPort, int workers) {
        this.process = process;
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
        this.workers = workers;
    }

    /** Writes the configuration, starts nginx and waits until it listens. */
    public static NginxRtmpServer start(Path workDir, int workers) throws IOException, InterruptedException {
        if (!Files.isExecutable(NGINX) || !Files.exists(RTMP_MODULE)) {
            throw new IOException("nginx-rtmp is not installed: apt-get install nginx libnginx-mod-rtmp");
        }
        int rtmpPort = FreePorts.pick();
        int httpPort = FreePorts.pick();
        Path dir = workDir.resolve("nginx-" + rtmpPort).toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, configuration(dir, rtmpPort, httpPort, workers));
        ChildProcess process = ChildProcess.start("nginx", List.of(NGINX.toString(),
                "-p", dir + "/", "-c", conf.toString(), "-e", dir.resolve("error.log").toString()),
                dir, dir.resolve("stdout.log"));
        try {
            process.awaitPort(rtmpPort, START_TIMEOUT);
            process.awaitPort(httpPort, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw new IOException(e.getMessage() + "\nnginx error.log:\n" + errorLogTail(dir), e);
        }
        return new NginxRtmpServer(process, rtmpPort, httpPort, workers);
    }

    /** The whole nginx.conf: an RTMP ingest on 127.0.0.1 and a loopback stat page, nothing else. */
    static String configuration(Path dir, int rtmpPort, int httpPort, int workers) {
        return """
                load_module %s;
                daemon off;
                master_process on;
                worker_processes %d;
                error_log %s/error.log warn;
                pid %s/nginx.pid;

                events {
                    worker_connections 4096;
                }

                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        chunk_size 4096;
                        application live {
                            live on;
                            record off;
                        }
                    }
                }

                # Only for rtmp_stat: how many streams publish and how many bytes came in.
                http {
                    access_log off;
                    client_body_temp_path %s/temp/body;
                    proxy_temp_path %s/temp/proxy;
                    fastcgi_temp_path %s/temp/fastcgi;
                    uwsgi_temp_path %s/temp/uwsgi;
                    scgi_temp_path %s/temp/scgi;
                    server {
                        listen 127.0.0.1:%d;
                        location /stat {
                            rtmp_stat all;
                        }
                    }
                }
                """.formatted(RTMP_MODULE, workers, dir, dir, rtmpPort, dir, dir, dir, dir, dir, httpPort);
    }

    private static String errorLogTail(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("error.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no error.log)";
        }
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String description() {
        return "nginx " + version() + " + libnginx-mod-rtmp, worker_processes " + workers + ", chunk_size 4096";
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder(NGINX.toString(), "-v").redirectErrorStream(true).start();
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

    @Override
    public int rtmpPort() {
        return rtmpPort;
    }

    @Override
    public ProcessTree processTree() {
        return new ProcessTree(process.pid());
    }

    @Override
    public ServerCounters counters() throws IOException, InterruptedException {
        if (workers > 1) {
            return ServerCounters.UNKNOWN;
        }
        String stat = LocalHttp.get(httpPort, "/stat");
        Matcher bytesIn = BYTES_IN.matcher(stat);
        long bytes = bytesIn.find() ? Long.parseLong(bytesIn.group(1)) : -1;
        return new ServerCounters(-1, publishingStreams(stat), bytes);
    }

    /** Streams with a publisher; {@code <publishing/>} also marks the publishing client inside each. */
    static long publishingStreams(String stat) {
        long count = 0;
        for (String stream : stat.split("<stream>")) {
            int end = stream.indexOf("</stream>");
            if (end >= 0 && stream.substring(0, end).contains("<publishing/>")) {
                count++;
            }
        }
        return count;
    }

    @Override
    public List<String> logProblems() throws IOException {
        Path errorLog = process.log().resolveSibling("error.log");
        if (!Files.exists(errorLog)) {
            return List.of();
        }
        return Files.readAllLines(errorLog).stream()
                .filter(line -> line.contains("[warn]") || line.contains("[error]") || line.contains("[crit]")
                        || line.contains("[alert]") || line.contains("[emerg]"))
                .toList();
    }

    @Override
    public void close() {
        process.close();
    }
}
