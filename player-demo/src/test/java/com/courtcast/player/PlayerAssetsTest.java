package com.courtcast.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the jar must hold for the origin to serve the page: the four files, hls.js at the version
 * package-lock.json pins (so a stale node_modules cannot slip into a build), and a page that runs
 * under a Content-Security-Policy without 'unsafe-inline'.
 */
class PlayerAssetsTest {

    private static final String DIR = "com/courtcast/player/";

    @Test
    void hlsJsInTheJarIsTheVersionTheLockPins() throws IOException {
        String lock = Files.readString(Path.of("package-lock.json"));
        Matcher pinned = Pattern.compile("\"node_modules/hls\\.js\":\\s*\\{\\s*\"version\":\\s*\"([^\"]+)\"")
                .matcher(lock);
        assertThat(pinned.find()).as("hls.js in package-lock.json").isTrue();

        String hls = resource("hls.min.js");
        assertThat(hls.length()).isGreaterThan(100_000);
        assertThat(hls).contains("\"" + pinned.group(1) + "\"");
        assertThat(getClass().getClassLoader().getResource("META-INF/licenses/hls.js/LICENSE")).isNotNull();
    }

    @Test
    void pageLoadsItsScriptsAndStylesFromFilesOnly() throws IOException {
        String html = resource("watch.html");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline <script>").isFalse();
        assertThat(html).doesNotContainIgnoringCase("<style");
        assertThat(Pattern.compile("\\s(style|on[a-z]+)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline style or event handler attribute").isFalse();
        assertThat(html).contains("<script src=\"hls.min.js\" defer></script>",
                "<script src=\"player.js\" defer></script>", "<link rel=\"stylesheet\" href=\"player.css\">",
                "<meta name=\"courtcast-stream\" content=\"\">");
        assertThat(resource("player.js")).contains("window.courtcastPlayer", "lowLatencyMode: true");
        assertThat(resource("player.css")).isNotBlank();
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DIR + name)) {
            assertThat(in).as(DIR + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
