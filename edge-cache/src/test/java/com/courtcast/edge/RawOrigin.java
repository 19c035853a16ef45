package com.courtcast.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin that writes exactly the bytes it is given to each request and then closes the
 * connection: for responses no well-behaved server library would send (cut bodies, unterminated chunks).
 */
final class RawOrigin implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;
    private volatile byte[] response;

    RawOrigin(String response) throws IOException {
        this.response = response.getBytes(StandardCharsets.ISO_8859_1);
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                // Read the request head (up to the blank line).
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                requests.incrementAndGet();
                OutputStream out = connection.getOutputStream();
                out.write(response);
                out.flush();
            } catch (IOException e) {
                // Closed by the test.
            }
        }
    }

    void respondWith(String raw) {
        response = raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    int requests() {
        return requests.get();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
