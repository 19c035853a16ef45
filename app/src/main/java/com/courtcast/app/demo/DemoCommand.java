package com.courtcast.app.demo;

import com.courtcast.app.Node;
import com.courtcast.app.NodeOptions;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
import com.courtcast.ingest.StaticKeyAuthorizer;
import com.courtcast.ingest.live.StreamStatus;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code courtcast demo}: every role on localhost, a demo stream with a fresh key, a generated
 * test picture published to it over RTMP, the player URL, and the stream's live status printed
 * every two seconds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start every role on localhost, publish a generated test stream, print the player URL and the stream's status.")
public final class DemoCommand implements Callable<Integer> {

    static final String STREAM_NAME = "demo";

    @Mixin
    NodeOptions options;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until Ctrl-C).")
    long seconds;

    @Option(names = "--size", description = "Test picture size WIDTHxHEIGHT (default: 1280x720).")
    String size = "1280x720";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String key = StaticKeyAuthorizer.newStreamKey();
        Settings settings = options.settings();
        settings.override("ingest.bindHost", "127.0.0.1").override("http.bindHost", "127.0.0.1")
                .override("edge.bindHost", "127.0.0.1");
        String[] dimensions = size.split("x");
        if (dimensions.length != 2) {
            throw new IllegalArgumentException("--size must be WIDTHxHEIGHT, was '" + size + "'");
        }
        TestPatternPublisher.Settings picture = new TestPatternPublisher.Settings(Integer.parseInt(dimensions[0]),
                Integer.parseInt(dimensions[1]), 30, 2_500_000, 30, 0);

        try (Node node = Node.start(settings, List.of(STREAM_NAME + ":" + key), EnumSet.allOf(Role.class))) {
            int rtmpPort = node.rtmpAddress().getPort();
            int httpPort = node.httpAddress().getPort();
            out.printf("%nCourtCast demo is running.%n");
            out.printf("  publish   rtmp://127.0.0.1:%d/live  stream key %s  (stream name '%s')%n",
                    rtmpPort, key, STREAM_NAME);
            out.printf("  watch     http://127.0.0.1:%d/watch/%s%n", httpPort, STREAM_NAME);
            out.printf("  live HLS  http://127.0.0.1:%d/live/%s/index.m3u8%n", httpPort, STREAM_NAME);
            out.printf("  recording http://127.0.0.1:%d/vod/%s/index.m3u8  (once the hearing has ended)%n",
                    httpPort, STREAM_NAME);
            out.printf("  via edge  http://127.0.0.1:%d/watch/%s%n", node.edgeAddress().getPort(), STREAM_NAME);
            out.printf("  metrics   http://127.0.0.1:%d/metrics%n", httpPort);
            out.printf("  health    http://127.0.0.1:%d/healthz%n", httpPort);
            out.printf("  (publishing a JavaCV test pattern now; open the watch URL in a browser)%n%n");
            out.flush();

            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-stop"));
            try (TestPatternPublisher publisher = new TestPatternPublisher(
                    "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key, picture).start()) {
                long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
                while (!stop.await(2, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
                    out.println(node.liveStreams().status(STREAM_NAME).map(StreamStatus::summary)
                            .orElse(STREAM_NAME + ": waiting for the publisher"));
                    out.flush();
                }
            }
        }
        return 0;
    }
}
