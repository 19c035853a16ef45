package com.courtcast.loadtest.rtmp;

/**
 * Where a publisher sends: {@code rtmp://host:port/app/streamKey}.
 *
 * @param host the server's address (the benchmark only ever uses loopback)
 * @param port the RTMP port
 * @param app the RTMP application, {@code live}
 * @param streamKey the publish name
 */
public record PublishTarget(String host, int port, String app, String streamKey) {

    /** The {@code tcUrl} an encoder sends in {@code connect}. */
    public String tcUrl() {
        return "rtmp://" + host + ":" + port + "/" + app;
    }
}
