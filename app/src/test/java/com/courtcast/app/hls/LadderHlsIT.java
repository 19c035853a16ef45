package com.courtcast.app.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.app.Node;
import com.courtcast.app.Role;
import com.courtcast.common.config.Settings;
import com.courtcast.common.testing.ExternalProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ffmpeg publishes an 854x480 test pattern with a 360p and a 240p rung; FFmpeg judges the ladder
 * the origin serves: every rendition's resolution, codec and bitrate, keyframes at identical
 * times, the same segment starting at the same time under the same MSN in every rendition, and
 * clean decoding. Then a transcoder given far too little CPU sheds its rungs while the source
 * rendition stays live.
 */
class LadderHlsIT {

    private static final String KEY = "ladder-hls-key-0123456789";
    private static final Pattern SEGMENT = Pattern.compile("^([a-z0-9]+)-([0-9a-f]+)-(\\d+)\\.m4s$", Pattern.MULTILINE);
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    /** A 1 s-GOP 854x480 H.264 + AAC test pattern in real time. */
    private static List<String> publish(String rtmpUrl, int seconds) {
        return TestStreams.publish(rtmpUrl, seconds, "854x480", "1500k");
    }

    @Test
    void everyRungIsCutAndNumberedLikeTheSourceAndDecodes() throws Exception {
        // This test is about what the rungs are, not about shedding them: room for a machine busy with other tests.
        Settings settings = LiveHlsIT.settings(dataDir).override("origin.recording", "off")
                .override("transcoder.queueFrames", 600).override("transcoder.shedAtFrames", 300);
        try (Node node = Node.start(settings, List.of("court6:" + KEY + ":ladder=360p,240p"),
                EnumSet.of(Role.INGEST, Role.ORIGIN));
             ExternalProcess publisher = ExternalProcess.start(publish(
                     "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY, 20))) {
            String base = "http://127.0.0.1:" + node.httpAddress().getPort() + "/live/court6/";
            HttpClient http = HttpClient.newHttpClient();
            LiveHlsIT.awaitOk(http, base + "index.m3u8", publisher);
            String multivariant = awaitContaining(http, base + "index.m3u8", "240p.m3u8", "360p.m3u8");
            assertThat(multivariant).contains("RESOLUTION=854x480", "RESOLUTION=640x360", "RESOLUTION=428x240");

            assertThat(publisher.await(Duration.ofSeconds(60))).as(publisher.output()).isZero();
            Map<String, Long> targets = Map.of("360p", 600_000L, "240p", 300_000L);
            Map<String, Map<Long, Path>> files = new LinkedHashMap<>();
            for (String rendition : List.of("source", "360p", "240p")) {
                files.put(rendition, downloadSegments(http, base, rendition));
            }
            Map<String, Map<Long, Instant>> dates = new LinkedHashMap<>();
            for (String rendition : List.of("source", "360p", "240p")) {
                dates.put(rendition, programDateTimes(LiveHlsIT.get(http, base + rendition + ".m3u8").body()));
            }
            // Segments 1 to 6: past the first (its rungs start with it) and well before the end.
            for (long msn = 1; msn <= 6; msn++) {
                // hls.js lines renditions up by their dates when it switches: the same media, the same
                // date to the millisecond (a few apart made it wait at segment ends after switches).
                Instant sourceDate = dates.get("source").get(msn);
                for (String rung : targets.keySet()) {
                    assertThat(dates.get(rung).get(msn))
                            .as(rung + " segment " + msn + " EXT-X-PROGRAM-DATE-TIME against the source's")
                            .isEqualTo(sourceDate);
                }
                String sourceStart = firstVideoPts(files.get("source").get(msn));
                for (String rung : targets.keySet()) {
                    assertThat(files.get(rung)).as(rung + " has segment " + msn).containsKey(msn);
                    assertThat(firstVideoPts(files.get(rung).get(msn))).as(rung + " segment " + msn + " start")
                            .isEqualTo(sourceStart);
                }
            }
            Path source = join(files.get("source"), 1, 6, dataDir.resolve("source.mp4"));
            List<String> sourceKeyframes = keyframes(source);
            assertThat(sourceKeyframes).hasSizeGreaterThanOrEqualTo(10);
            for (Map.Entry<String, Long> rung : targets.entrySet()) {
                Path joined = join(files.get(rung.getKey()), 1, 6, dataDir.resolve(rung.getKey() + ".mp4"));
                String height = rung.getKey().replace("p", "");
                assertThat(ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error",
                        "-select_streams", "v", "-show_entries", "stream=codec_name,height", "-of", "compact",
                        joined.toString()))).contains("codec_name=h264|height=" + height);
                assertThat(keyframes(joined)).as(rung.getKey() + " keyframes").isEqualTo(sourceKeyframes);
                double seconds = Double.parseDouble(ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe",
                        "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", joined.toString())).trim());
                double bitrate = videoBytes(joined) * 8 / seconds;
                assertThat(bitrate).as(rung.getKey() + " video bitrate").isBetween(rung.getValue() * 0.8,
                        rung.getValue() * 1.2);
                String decode = ExternalProcess.run(Duration.ofSeconds(60), List.of("ffmpeg", "-hide_banner",
                        "-nostats", "-v", "error", "-i", joined.toString(), "-f", "null", "-"));
                assertThat(decode).as(rung.getKey() + " decodes cleanly").isBlank();
            }
        }
    }

    @Test
    void aTranscoderWithTooLittleCpuShedsRungsAndTheSourceStaysLive() throws Exception {
        // veryslow x264 on one thread cannot encode both rungs at 30 fps here; whether the cheaper
        // rung alone keeps up depends on how loaded the machine is, so at least the dearer one goes.
        Settings settings = LiveHlsIT.settings(dataDir).override("origin.recording", "off")
                .override("transcoder.preset", "veryslow").override("transcoder.shedAtFrames", 6)
                .override("transcoder.queueFrames", 60).override("transcoder.restoreAfter", "60s");
        try (Node node = Node.start(settings, List.of("court7:" + KEY + ":ladder=360p,240p"),
                EnumSet.of(Role.INGEST, Role.ORIGIN));
             ExternalProcess publisher = ExternalProcess.start(publish(
                     "rtmp://127.0.0.1:" + node.rtmpAddress().getPort() + "/live/" + KEY, 60))) {
            String base = "http://127.0.0.1:" + node.httpAddress().getPort() + "/live/court7/";
            HttpClient http = HttpClient.newHttpClient();
            LiveHlsIT.awaitOk(http, base + "source.m3u8", publisher);
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (node.metrics().find("courtcast_transcoder_rungs_shed").tag("rung", "360p").counters().stream()
                    .mapToDouble(c -> c.count()).sum() < 1) {
                assertThat(System.nanoTime()).as("the 360p rung shed within 40 s; transcoder metrics:\n%s",
                        node.metrics().scrape().lines().filter(l -> l.startsWith("courtcast_transcoder"))
                                .collect(java.util.stream.Collectors.joining("\n"))).isLessThan(deadline);
                Thread.sleep(200);
            }
            String multivariant = LiveHlsIT.get(http, base + "index.m3u8").body();
            assertThat(multivariant).contains("source.m3u8").doesNotContain("360p.m3u8");

            // The source rendition keeps its pace: ffmpeg plays 8 s of it live without an error.
            String live = ExternalProcess.run(Duration.ofSeconds(40), TestStreams.decode(base + "source.m3u8", 8));
            assertThat(TestStreams.errors(live)).isEmpty();
            assertThat(TestStreams.decodedSeconds(live)).isGreaterThan(7);
            assertThat(node.metrics().get("courtcast_packager_part_lag").timer().max(
                    java.util.concurrent.TimeUnit.MILLISECONDS)).as("source parts listed promptly").isLessThan(500);
        }
    }

    private static String awaitContaining(HttpClient http, String url, String... needles) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = LiveHlsIT.get(http, url).body();
        while (!List.of(needles).stream().allMatch(body::contains)) {
            assertThat(System.nanoTime()).as(url + " lists " + List.of(needles) + ":\n" + body).isLessThan(deadline);
            Thread.sleep(200);
            body = LiveHlsIT.get(http, url).body();
        }
        return body;
    }

    /** The EXT-X-PROGRAM-DATE-TIME of each complete segment a playlist lists, by MSN. */
    private static Map<Long, Instant> programDateTimes(String playlist) {
        Map<Long, Instant> dates = new LinkedHashMap<>();
        Instant date = null;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                date = Instant.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length()).trim());
            }
            Matcher segment = SEGMENT.matcher(line);
            if (segment.matches() && date != null) {
                dates.put(Long.parseLong(segment.group(3)), date);
            }
        }
        return dates;
    }

    /** Each complete segment the rendition's playlist lists, with its init segment in front, by MSN. */
    private Map<Long, Path> downloadSegments(HttpClient http, String base, String rendition) throws Exception {
        String playlist = LiveHlsIT.get(http, base + rendition + ".m3u8").body();
        Map<Long, Path> files = new LinkedHashMap<>();
        String init = null;
        for (String line : playlist.split("\n")) {
            Matcher map = MAP.matcher(line);
            if (map.find()) {
                init = map.group(1);
            }
            Matcher segment = SEGMENT.matcher(line);
            if (segment.matches() && init != null) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.writeBytes(bytes(http, base + init));
                bytes.writeBytes(bytes(http, base + line));
                files.put(Long.parseLong(segment.group(3)),
                        Files.write(dataDir.resolve(rendition + "-" + segment.group(3) + ".mp4"), bytes.toByteArray()));
            }
        }
        return files;
    }

    private static byte[] bytes(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** One init segment, then the media of segments {@code from} to {@code to}. */
    private static Path join(Map<Long, Path> segments, long from, long to, Path out) throws Exception {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        byte[] first = Files.readAllBytes(segments.get(from));
        joined.writeBytes(first);
        int initLength = initLength(first);
        for (long msn = from + 1; msn <= to; msn++) {
            byte[] file = Files.readAllBytes(segments.get(msn));
            joined.write(file, initLength(file), file.length - initLength(file));
        }
        return Files.write(out, joined.toByteArray());
    }

    /** The length of the leading ftyp + moov boxes. */
    private static int initLength(byte[] file) {
        int offset = 0;
        while (offset + 8 <= file.length) {
            int size = ((file[offset] & 0xFF) << 24) | ((file[offset + 1] & 0xFF) << 16)
                    | ((file[offset + 2] & 0xFF) << 8) | (file[offset + 3] & 0xFF);
            String type = new String(file, offset + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (!type.equals("ftyp") && !type.equals("moov")) {
                return offset;
            }
            offset += size;
        }
        return offset;
    }

    private static String firstVideoPts(Path file) throws Exception {
        return ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-read_intervals", "%+#1", "-show_entries", "packet=pts", "-of", "csv=p=0", file.toString())).trim();
    }

    private static List<String> keyframes(Path file) throws Exception {
        return ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error", "-select_streams", "v",
                        "-show_entries", "packet=pts,flags", "-of", "csv=p=0", file.toString()))
                .lines().filter(l -> l.contains("K")).map(l -> l.split(",")[0]).toList();
    }

    private static long videoBytes(Path file) throws Exception {
        return ExternalProcess.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error", "-select_streams", "v",
                        "-show_entries", "packet=size", "-of", "csv=p=0", file.toString()))
                .lines().filter(l -> !l.isBlank()).mapToLong(Long::parseLong).sum();
    }
}
