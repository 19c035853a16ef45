package com.courtcast.loadtest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxRtmpServerTest {

    @TempDir
    Path dir;

    @Test
    void listensOnLoopbackOnly() {
        String conf = NginxRtmpServer.configuration(dir, 19350, 18080, 2);
        assertThat(conf).contains("listen 127.0.0.1:19350;", "listen 127.0.0.1:18080;", "worker_processes 2;",
                "chunk_size 4096;", "live on;", "record off;", "daemon off;", "master_process on;");
        assertThat(conf.lines().filter(line -> line.contains("listen")))
                .allMatch(line -> line.contains("127.0.0.1:"));
    }

    @Test
    void countsStreamsWithAPublisherNotClients() {
        String stat = "<rtmp><bytes_in>1000</bytes_in><server><application><name>live</name><live>"
                + "<stream><name>a</name><client><id>1</id><publishing/><active/></client><publishing/><active/></stream>"
                + "<stream><name>b</name><client><id>2</id><publishing/></client><publishing/></stream>"
                + "<stream><name>c</name><client><id>3</id></client></stream>"
                + "</live></application></server></rtmp>";
        assertThat(NginxRtmpServer.publishingStreams(stat)).isEqualTo(2);
    }

    /** nginx itself judges the configuration (nginx -t), where it is installed. */
    @Test
    void isAConfigurationNginxAccepts() throws Exception {
        assumeTrue(Files.isExecutable(NginxRtmpServer.NGINX) && Files.exists(NginxRtmpServer.RTMP_MODULE),
                "nginx with the RTMP module is not installed");
        Files.createDirectories(dir.resolve("temp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, NginxRtmpServer.configuration(dir, 19350, 18080, 2));
        Process test = new ProcessBuilder(NginxRtmpServer.NGINX.toString(), "-t", "-q", "-p", dir + "/",
                "-c", conf.toString(), "-e", dir.resolve("error.log").toString()).redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes());
        assertThat(test.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(test.exitValue()).as(output).isZero();
    }
}
