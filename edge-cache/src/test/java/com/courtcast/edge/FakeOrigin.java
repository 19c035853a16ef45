package com.courtcast.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * An origin for edge tests: answers each path with a scripted handler (which may hold, stream
 * slowly, cut the body short) and records every request it gets, so tests can count them.
 */
final class FakeOrigin implements AutoCloseable {

    interface Answer {
        void answer(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            requests.add(target);
            Answer answer = answers.get(exchange.getRequestURI().getRawPath());
            try {
                if (answer == null) {
                    send(exchange, 404, "text/plain", "public, max-age=1", "no such thing\n".getBytes());
                } else {
                    answer.answer(exchange);
                }
            } catch (Exception e) {
                exchange.close();
            }
        });
        server.start();
    }

    void on(String path, Answer answer) {
        answers.put(path, answer);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Request targets (path and query) in arrival order. */
    List<String> requests() {
        return requests;
    }

    long count(String path) {
        return requests.stream().filter(r -> r.equals(path) || r.startsWith(path + "?")).count();
    }

    static void send(HttpExchange exchange, int status, String type, String cacheControl, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
