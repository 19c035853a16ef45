package com.courtcast.loadtest.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through ChromeDriver's W3C WebDriver HTTP API, with nothing but
 * {@link HttpClient} and Vert.x's JSON types: the independent player for integration tests (hls.js
 * in a real browser judges what the origin serves).
 *
 * <p>Each instance starts its own {@code /usr/bin/chromedriver} on a free loopback port and one
 * browser session ({@code /usr/bin/chromium}, headless, a fresh temporary profile, autoplay
 * allowed without a user gesture). {@link #close()} ends the session, kills ChromeDriver and every
 * process it started (found by process tree and by the profile directory on their command line),
 * and deletes the profile; a JVM shutdown hook does the same if a test forgets to.
 *
 * <p>Playing a stream with the viewer page (player-demo's {@code watch.html}, served by the origin
 * at {@code /watch/<stream>}, or as {@code /player/watch.html?stream=<stream>}). The page must come
 * from the same HTTP origin as {@code /live/<stream>/index.m3u8}: its Content-Security-Policy
 * only lets hls.js fetch from there.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = new HeadlessChromium()) {
 *     chromium.open("http://127.0.0.1:" + httpPort + "/watch/hearing1");
 *     chromium.waitUntil("return window.courtcastPlayer.stats().playing", Duration.ofSeconds(30));
 *     JsonObject stats = (JsonObject) chromium.execute("return window.courtcastPlayer.stats()");
 *     // state, playing, currentTime, latency, targetLatency, pdtLatency (ms), stalls, errors,
 *     // levelSwitches, level, rendition, loadedParts: see player-demo/README.md
 *     assertThat(stats.getInteger("loadedParts")).isPositive();
 *     JsonArray samples = (JsonArray) chromium.execute("return window.courtcastPlayer.samples()");
 *     // pdtLatency in ms, one per 250 ms of playback: glass-to-glass latency percentiles
 * } // on failure, chromium.consoleLog() holds what the page logged
 * }</pre>
 *
 * <p>Read the samples before the publisher stops: the origin keeps the playlist open through its
 * reconnect grace, and a player waiting through it samples the wait as growing latency (and
 * counts a stall). {@code stats().state} turns {@code "ended"} once the playlist has
 * {@code EXT-X-ENDLIST}. A stream that is not live yet shows as {@code "offline"}, with the 404s
 * in {@code stats().errors}; the page retries by itself.
 */
public final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final List<String> CHROMIUM_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--autoplay-policy=no-user-gesture-required");

    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Duration QUIT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path tempDir;
    private final Path profile;
    private final Path driverLog;
    private final Thread shutdownHook = new Thread(this::close, "headless-chromium-cleanup");
    private final StringBuilder console = new StringBuilder();
    private Process driver;
    private URI base;
    private String session;
    private boolean closed;

    /** True when both binaries are installed (Debian packages {@code chromium}, {@code chromium-driver}). */
    public static boolean available() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    /**
     * Starts ChromeDriver and a headless browser session.
     *
     * @throws IllegalStateException when Chromium or ChromeDriver is missing or does not start
     */
    public HeadlessChromium() throws IOException {
        if (!available()) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed: apt-get install chromium chromium-driver");
        }
        tempDir = Files.createTempDirectory("courtcast-chromium-");
        profile = Files.createDirectory(tempDir.resolve("profile"));
        driverLog = tempDir.resolve("chromedriver.log");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            startDriver();
            session = newSession();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Navigates to {@code url} and returns when its load event has fired. */
    public void open(String url) {
        command("POST", "/url", new JsonObject().put("url", url));
    }

    /**
     * Runs {@code script} as the body of a function in the page, {@code arguments[i]} being
     * {@code args[i]} (strings, numbers, booleans, null, {@link JsonObject}, {@link JsonArray},
     * maps and lists).
     *
     * @return what the script returns, as JSON: {@link String}, {@link Number}, {@link Boolean},
     *         {@link JsonObject}, {@link JsonArray} or null
     * @throws WebDriverException when the script throws (its message included)
     */
    public Object execute(String script, Object... args) {
        JsonObject body = new JsonObject().put("script", script).put("args", new JsonArray(Arrays.asList(args)));
        return command("POST", "/execute/sync", body);
    }

    /**
     * Runs {@code script} every 100 ms until it returns a truthy value (not null, false, 0 or ""),
     * and returns that value.
     *
     * @throws AssertionError on timeout, naming the last value and with the console log
     */
    public Object waitUntil(String script, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object value;
        while (true) {
            value = execute(script);
            if (truthy(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout + " `" + script + "` still returns " + value
                        + "\nbrowser console:\n" + consoleLog());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Everything the browser logged so far (console messages, failed loads, CSP violations), one
     * {@code LEVEL message} per line. ChromeDriver hands each entry out once; this keeps them all.
     */
    public String consoleLog() {
        if (session != null && !closed) {
            try {
                Object entries = command("POST", "/se/log", new JsonObject().put("type", "browser"));
                if (entries instanceof JsonArray array) {
                    for (Object entry : array) {
                        JsonObject e = (JsonObject) entry;
                        console.append(e.getString("level")).append(' ').append(e.getString("message")).append('\n');
                    }
                }
            } catch (WebDriverException e) {
                console.append("(console log unavailable: ").append(e.getMessage()).append(")\n");
            }
        }
        return console.toString();
    }

    /**
     * Ends the session and kills ChromeDriver and all it started, then deletes the temporary
     * profile. Safe to call twice; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Set<ProcessHandle> started = new LinkedHashSet<>(processes());
        if (session != null) {
            try {
                send("DELETE", "/session/" + session, null, QUIT);
            } catch (RuntimeException e) {
                // the browser may already be gone; the processes are killed below either way
            }
        }
        started.addAll(processes());
        if (driver != null) {
            kill(driver.toHandle());
        }
        started.forEach(HeadlessChromium::kill);
        // A process that left the tree (a double-forking helper) still names our profile.
        String mark = profile.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(mark)).orElse(false))
                .forEach(HeadlessChromium::kill);
        deleteRecursively(tempDir);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
    }

    /** ChromeDriver and everything below it, as they are now. */
    List<ProcessHandle> processes() {
        if (driver == null) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(driver.toHandle());
        driver.toHandle().descendants().forEach(all::add);
        return all;
    }

    Path userDataDir() {
        return profile;
    }

    private void startDriver() throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freeLoopbackPort();
            driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(driverLog.toFile())
                    .start();
            base = URI.create("http://127.0.0.1:" + port);
            if (awaitReady()) {
                return;
            }
            kill(driver.toHandle());
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException("chromedriver did not become ready in " + STARTUP + ":\n" + driverLog());
            }
            // most likely someone took the port between our probe and chromedriver's bind: next port
        }
    }

    private boolean awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && driver.isAlive()) {
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("/status"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200
                        && new JsonObject(status.body()).getJsonObject("value").getBoolean("ready", false)) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(50);
        }
        return false;
    }

    private String newSession() {
        JsonObject chromeOptions = new JsonObject()
                .put("binary", CHROMIUM.toString())
                .put("args", new JsonArray(new ArrayList<>(CHROMIUM_ARGS)).add("--user-data-dir=" + profile));
        JsonObject capabilities = new JsonObject().put("alwaysMatch", new JsonObject()
                .put("browserName", "chrome")
                .put("goog:chromeOptions", chromeOptions)
                .put("goog:loggingPrefs", new JsonObject().put("browser", "ALL")));
        Object value = send("POST", "/session", new JsonObject().put("capabilities", capabilities), COMMAND);
        return ((JsonObject) value).getString("sessionId");
    }

    private Object command(String method, String path, JsonObject body) {
        if (closed) {
            throw new IllegalStateException("HeadlessChromium is closed");
        }
        return send(method, "/session/" + session + path, body, COMMAND);
    }

    /** One WebDriver call: the response's {@code value}, or a {@link WebDriverException}. */
    private Object send(String method, String path, JsonObject body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WebDriverException("transport", method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebDriverException("interrupted", method + " " + path, e);
        }
        JsonObject json = new JsonObject(response.body());
        Object value = json.getValue("value");
        if (response.statusCode() != 200) {
            JsonObject error = value instanceof JsonObject e ? e : new JsonObject();
            throw new WebDriverException(error.getString("error", "http " + response.statusCode()),
                    method + " " + path + ": " + error.getString("message", response.body()), null);
        }
        return value;
    }

    private String driverLog() {
        try {
            return Files.readString(driverLog);
        } catch (IOException e) {
            return "(no chromedriver log: " + e + ")";
        }
    }

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !"".equals(value)
                && !(value instanceof Number n && n.doubleValue() == 0);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void kill(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            try {
                process.onExit().get(3, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's check, if it has one
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | UncheckedIOException e) {
                sleep(100); // a file appeared or vanished under us while walking: again
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A WebDriver command failed; {@link #error()} is the W3C error code, e.g. "javascript error". */
    public static final class WebDriverException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final String error;

        WebDriverException(String error, String message, Throwable cause) {
            super(error + ": " + message, cause);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }
}
