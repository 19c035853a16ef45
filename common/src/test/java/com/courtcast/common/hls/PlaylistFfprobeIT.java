package com.courtcast.common.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg's HLS demuxer as an independent reader of what we write: the FFmpeg CLI cuts four 1 s
 * fMP4 segments (25 fps, a key frame per segment), we write our own playlists for them, and ffprobe
 * must read all 100 frames and 4 s from each without a warning.
 *
 * <p>FFmpeg ignores the LL-HLS tags and (up to at least 5.1) does not reload a changed EXT-X-MAP,
 * so this checks the common syntax only: header, EXT-X-MAP, EXT-X-PROGRAM-DATE-TIME, EXTINF and the
 * URI lines.
 */
class PlaylistFfprobeIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void cutSegments() throws Exception {
        run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-keyint_min", "25",
                "-sc_threshold", "0", "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4",
                "-hls_fmp4_init_filename", "init.mp4", "-hls_segment_filename", dir.resolve("s%d.m4s").toString(),
                "-hls_playlist_type", "vod", dir.resolve("ffmpeg.m3u8").toString());
    }

    private static MediaPlaylist.Builder fourSegments() {
        MediaPlaylist.Builder b = MediaPlaylist.builder().targetDuration(1).independentSegments(true);
        for (int i = 0; i < 4; i++) {
            Instant pdt = i == 0 ? Instant.parse("2026-11-27T02:19:58.123Z") : null;
            b.addSegment(new Segment("s" + i + ".m4s", 1.0, false, pdt, "init.mp4", List.of()));
        }
        return b;
    }

    @Test
    void ffprobeReadsOurVodPlaylist() throws Exception {
        MediaPlaylist vod = fourSegments().playlistType(PlaylistType.VOD).endList(true).build();
        assertReadsAllFrames(probe("vod.m3u8", PlaylistWriter.write(vod)));
    }

    @Test
    void ffprobeReadsOurEndedLivePlaylistWithServerControlAndReports() throws Exception {
        MediaPlaylist ended = fourSegments()
                .mediaSequence(0)
                .serverControl(new ServerControl(true, 0, 3, 6))
                .addRenditionReport(new RenditionReport("other.m3u8", 3, -1))
                .endList(true)
                .build();
        assertReadsAllFrames(probe("ended.m3u8", PlaylistWriter.write(ended)));
    }

    /** The frame count (listed once per program and once per stream), the duration, nothing else. */
    private static void assertReadsAllFrames(String probed) {
        assertThat(probed.lines()).containsOnly("nb_read_frames=100", "duration=4.000000");
    }

    private static String probe(String name, String playlist) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, playlist, StandardCharsets.UTF_8);
        // -v warning: any complaint about the playlist shows up in the output and fails the match.
        return run("ffprobe", "-v", "warning", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames:format=duration", "-of", "default=nw=1", file.toString());
    }

    /** Runs a short command to completion; returns stdout and stderr, merged. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not finish within 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " exited with " + process.exitValue() + ": " + text);
        }
        return text;
    }
}
