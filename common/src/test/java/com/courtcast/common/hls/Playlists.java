package com.courtcast.common.hls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Playlists the tests share, and the golden files under {@code src/test/resources/hls/}. */
final class Playlists {

    private Playlists() {
    }

    static String golden(String name) {
        try (InputStream in = Playlists.class.getResourceAsStream("/hls/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no golden file hls/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The "Low-Latency Playlist" example of draft-pantos-hls-rfc8216bis section 9 (the 2M rendition
     * answering {@code _HLS_msn=273&_HLS_part=2}), with every segment given all twelve of its parts
     * as a live origin would: the writer has to drop those of segments 266-270 itself.
     *
     * <p>One value differs from the example: CAN-SKIP-UNTIL is 24, not 12, because 4.4.3.8 requires
     * at least six target durations (6 x 4 s) and the model enforces that.
     */
    static MediaPlaylist specExample() {
        MediaPlaylist.Builder b = MediaPlaylist.builder()
                .targetDuration(4)
                .mediaSequence(266)
                .partTarget(0.33334)
                .serverControl(new ServerControl(true, 1.0, 0, 24.0));
        for (int msn = 266; msn <= 272; msn++) {
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // Segment 272 names its parts a..l in the example.
                String index = msn == 272 ? String.valueOf((char) ('a' + i)) : String.valueOf(i);
                boolean independent = msn == 272 ? i == 5 : i == 4 || i == 8;
                parts.add(new Part("filePart" + msn + "." + index + ".mp4", 0.33334, independent));
            }
            Instant pdt = switch (msn) {
                case 266 -> Instant.parse("2019-02-14T02:13:36.106Z");
                case 272 -> Instant.parse("2019-02-14T02:14:00.106Z");
                default -> null;
            };
            b.addSegment(new Segment("fileSequence" + msn + ".mp4", 4.00008, false, pdt, "init.mp4", parts));
        }
        b.addSegment(new Segment(null, 0, false, null, "init.mp4", List.of(
                new Part("filePart273.0.mp4", 0.33334, true),
                new Part("filePart273.1.mp4", 0.33334, false),
                new Part("filePart273.2.mp4", 0.33334, false))));
        return b.preloadHint(new PreloadHint("filePart273.3.mp4"))
                .addRenditionReport(new RenditionReport("../1M/waitForMSN.php", 273, 2))
                .addRenditionReport(new RenditionReport("../4M/waitForMSN.php", 273, 1))
                .build();
    }

    /**
     * A live LL-HLS window of twelve 2 s segments (MSN 100-111) of four 0.5 s parts each, and
     * segment 112 in progress with two parts. The encoder reconnected twice: segment 104 starts a
     * discontinuity with a new initialization section, segment 107 one with the same section.
     * Three discontinuities had already left the window (discontinuity sequence 7).
     */
    static MediaPlaylist liveWindow() {
        MediaPlaylist.Builder b = MediaPlaylist.builder()
                .targetDuration(2)
                .mediaSequence(100)
                .discontinuitySequence(7)
                .independentSegments(true)
                .partTarget(0.5)
                .serverControl(new ServerControl(true, 1.5, 6, 12));
        for (int msn = 100; msn <= 111; msn++) {
            Instant pdt = switch (msn) {
                case 100 -> Instant.parse("2026-11-27T02:19:38.123Z");
                case 104 -> Instant.parse("2026-11-27T02:19:58.123Z");
                // Sub-millisecond digits are dropped when written.
                case 107 -> Instant.parse("2026-11-27T02:20:09.456789Z");
                default -> null;
            };
            String map = msn < 104 ? "init-a.mp4" : "init-b.mp4";
            b.addSegment(new Segment("seg" + msn + ".m4s", 2.0, msn == 104 || msn == 107, pdt, map, parts(msn, 4)));
        }
        b.addSegment(new Segment(null, 0, false, null, "init-b.mp4", parts(112, 2)));
        return b.preloadHint(new PreloadHint("part112.2.m4s"))
                .addRenditionReport(new RenditionReport("../360p/playlist.m3u8", 112, 1))
                .addRenditionReport(new RenditionReport("../audio/playlist.m3u8", 111, -1))
                .build();
    }

    /** {@code count} parts of 0.5 s named {@code part<msn>.<i>.m4s}, the first independent. */
    static List<Part> parts(long msn, int count) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(new Part("part" + msn + "." + i + ".m4s", 0.5, i == 0));
        }
        return parts;
    }
}
