package com.courtcast.loadtest.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Bytes that arrived on a server's connections but that the server has not read yet: the
 * {@code rx_queue} of every established socket whose local port is the server's, from
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} (proc(5)).
 *
 * <p>This is how far behind a server is, whatever server it is: on loopback several megabytes
 * fit in a socket's receive buffer, so a server can fall seconds behind before its publishers'
 * connections stop being writable and they start dropping frames.
 *
 * @param connections established connections to the port
 * @param totalBytes unread bytes over all of them
 * @param maxBytes the largest unread backlog of one connection
 */
public record TcpBacklog(int connections, long totalBytes, long maxBytes) {

    private static final String ESTABLISHED = "01";

    public static TcpBacklog of(int localPort) throws IOException {
        int connections = 0;
        long total = 0;
        long max = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                long unread = unreadBytes(line, localPort);
                if (unread >= 0) {
                    connections++;
                    total += unread;
                    max = Math.max(max, unread);
                }
            }
        }
        return new TcpBacklog(connections, total, max);
    }

    /** The rx_queue of one table line if it is an established socket on {@code localPort}, else -1. */
    static long unreadBytes(String line, int localPort) {
        String[] fields = line.trim().split(" +");
        if (fields.length < 5 || !fields[0].endsWith(":")) {
            return -1; // the header line
        }
        String local = fields[1];
        int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
        if (port != localPort || !ESTABLISHED.equals(fields[3])) {
            return -1;
        }
        String queues = fields[4];
        return Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
    }
}
