package com.courtcast.app.hls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between an edge and its origin that notes the request line of every request the
 * edge sends, so a test counts what really reached the origin without trusting the edge's metrics.
 * Requests from an edge carry no bodies, so every line starting with a method is a request line.
 */
final class CountingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetAddressAndPort target;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private record InetAddressAndPort(String host, int port) {
    }

    CountingRelay(String host, int port) throws IOException {
        this.target = new InetAddressAndPort(host, port);
        this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.host(), target.port());
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                // Closed, or the origin is gone: the edge sees a refused or reset connection.
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[64 * 1024];
        StringBuilder line = new StringBuilder();
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (requests) {
                    for (int i = 0; i < n; i++) {
                        char c = (char) (buffer[i] & 0xff);
                        if (c == '\n') {
                            String text = line.toString().trim();
                            if (text.startsWith("GET ") || text.startsWith("HEAD ")) {
                                requestLines.add(text);
                            }
                            line.setLength(0);
                        } else if (line.length() < 4096) {
                            line.append(c);
                        }
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away; closing both ends below tells the other.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** How many requests for exactly this path (any query) reached the origin. */
    long count(String path) {
        return requestLines.stream().map(l -> l.split(" ")[1])
                .filter(target -> target.equals(path) || target.startsWith(path + "?")).count();
    }

    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(CountingRelay::closeQuietly);
    }
}
