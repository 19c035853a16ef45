package com.courtcast.loadtest.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free loopback ports for the servers under test. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int pick() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
