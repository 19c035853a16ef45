package com.courtcast.loadtest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness itself against a real Chromium: it navigates, runs scripts with arguments and gets
 * JSON back, collects the console, and leaves no process or profile behind.
 */
class HeadlessChromiumIT {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>harness page</title>
            <script src="/page.js"></script></head>
            <body><p id="greeting">hello</p></body></html>
            """;
    private static final String SCRIPT = """
            console.log('harness page loaded');
            window.later = null;
            setTimeout(() => { window.later = 'arrived'; }, 300);
            """;

    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void serve() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    switch (request.path()) {
                        case "/page.html" -> request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                                .end(PAGE);
                        case "/page.js" -> request.response().putHeader("Content-Type", "text/javascript")
                                .end(SCRIPT);
                        default -> request.response().setStatusCode(404).end();
                    }
                })
                .listen(0, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void navigatesRunsScriptsAndShutsDownClean() throws Exception {
        List<ProcessHandle> processes;
        Path profile;
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            profile = chromium.userDataDir();
            chromium.open("http://127.0.0.1:" + server.actualPort() + "/page.html");

            assertThat(chromium.execute("return 1+1")).isEqualTo(2);
            assertThat(chromium.execute("return document.title + ' ' + document.getElementById('greeting').textContent"))
                    .isEqualTo("harness page hello");
            assertThat(chromium.execute("return arguments[0] + arguments[1].n", 40, Map.of("n", 2))).isEqualTo(42);
            assertThat(chromium.execute("return {list: [1, 'two', true], none: null}"))
                    .isEqualTo(new JsonObject().put("list", new JsonArray().add(1).add("two").add(true)).putNull("none"));
            assertThat(chromium.waitUntil("return window.later", Duration.ofSeconds(5))).isEqualTo("arrived");
            assertThatThrownBy(() -> chromium.execute("throw new Error('on purpose')"))
                    .isInstanceOfSatisfying(HeadlessChromium.WebDriverException.class,
                            e -> assertThat(e.error()).isEqualTo("javascript error"))
                    .hasMessageContaining("on purpose");
            assertThat(chromium.consoleLog()).contains("harness page loaded");

            processes = chromium.processes();
            assertThat(processes).anySatisfy(p -> assertThat(p.info().commandLine().orElse(""))
                    .contains("chromium").contains("--user-data-dir=" + profile));
            assertThat(profile).isDirectory();
        }

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(profile.toString()))).isEmpty();
        assertThat(Files.exists(profile)).isFalse();
    }
}
