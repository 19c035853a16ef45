package com.courtcast.loadtest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxHlsServerTest {

    @TempDir
    Path dir;

    @Test
    void makesOneSecondFragmentsNamedByItsClockAndServesThemToBrowsers() {
        String conf = NginxHlsServer.configuration(dir, 19350, 18080);
        assertThat(conf).contains("hls on;", "hls_path " + dir + "/www/hls;", "hls_fragment 1s;",
                "hls_playlist_length 6s;", "hls_fragment_naming system;", "live on;", "worker_processes 1;",
                "application/vnd.apple.mpegurl m3u8;", "video/mp2t ts;",
                "add_header Access-Control-Allow-Origin * always;", "location /hls");
        assertThat(conf.lines().filter(line -> line.contains("listen")))
                .hasSize(2).allMatch(line -> line.contains("127.0.0.1:"));
    }

    /** nginx itself judges the configuration (nginx -t), where it is installed. */
    @Test
    void isAConfigurationNginxAccepts() throws Exception {
        assumeTrue(Files.isExecutable(NginxRtmpServer.NGINX) && Files.exists(NginxRtmpServer.RTMP_MODULE),
                "nginx with the RTMP module is not installed");
        Files.createDirectories(dir.resolve("temp"));
        Files.createDirectories(dir.resolve("www").resolve("hls"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, NginxHlsServer.configuration(dir, 19350, 18080));
        Process test = new ProcessBuilder(NginxRtmpServer.NGINX.toString(), "-t", "-q", "-p", dir + "/",
                "-c", conf.toString(), "-e", dir.resolve("error.log").toString()).redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes());
        assertThat(test.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(test.exitValue()).as(output).isZero();
    }
}
