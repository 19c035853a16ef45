package com.courtcast.loadtest.latency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks CourtCast's EXT-X-PROGRAM-DATE-TIME against nginx-rtmp's arrival clock, on the same frames.
 *
 * <p>Both servers get the same RTMP packets, with the same timestamps, at the same moment (one
 * ffmpeg, tee muxer). CourtCast dates media time 0 once, from the arrival of the stream's first
 * frame (its "anchor": PROGRAM-DATE-TIME minus the fragment's decode time). nginx-rtmp names each
 * fragment after its clock when the fragment's first keyframe arrived, and writes the RTMP
 * timestamps into the MPEG-TS as 90 kHz DTS plus a fixed 700 ms (its {@code NGX_RTMP_HLS_DELAY},
 * which keeps PTS ahead of PCR), so each fragment gives its own anchor: name minus (DTS - 700 ms).
 * nginx's anchors are the steady-state arrival of media time 0; the difference to CourtCast's is how
 * late (positive) CourtCast's date-times are, and so how much its date-time latency reads too low.
 */
final class ClockAlignment {

    /** What nginx-rtmp's MPEG-TS writer adds to every PTS and DTS (63000 / 90 kHz). */
    static final double NGINX_TS_DELAY_MILLIS = 700;

    /**
     * @param courtcastAnchorMillis epoch ms of media time 0 by CourtCast's date-times (NaN if unknown)
     * @param nginxAnchorMillis epoch ms of media time 0 by each nginx fragment's name and DTS
     * @param problem why something could not be measured, or null
     */
    record Result(double courtcastAnchorMillis, Distribution nginxAnchorMillis, String problem) {

        static final Result NONE = new Result(Double.NaN, Distribution.EMPTY, "not measured");

        /** How much later CourtCast dates the media than nginx saw it arrive, ms (NaN if unknown). */
        double offsetMillis() {
            return courtcastAnchorMillis - nginxAnchorMillis.p50();
        }

        /** The spread of nginx's per-fragment anchors (max - min), ms: how precise the offset is. */
        double spreadMillis() {
            return nginxAnchorMillis.max() - nginxAnchorMillis.min();
        }

        String describe() {
            if (Double.isNaN(offsetMillis())) {
                return "could not be measured" + (problem == null ? "" : ": " + problem);
            }
            return String.format(Locale.ROOT, "%+.0f ms (nginx's %d fragment anchors spread over %.0f ms)",
                    offsetMillis(), nginxAnchorMillis.count(), spreadMillis());
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Result measure(URI courtcastPlaylist, URI nginxPlaylist) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        double courtcast = Double.NaN;
        try {
            courtcast = courtcastAnchor(courtcastPlaylist, problems);
        } catch (IOException | RuntimeException e) {
            problems.add("CourtCast: " + e);
        }
        List<Double> nginx = new ArrayList<>();
        try {
            nginx = nginxAnchors(nginxPlaylist, problems);
        } catch (IOException | RuntimeException e) {
            problems.add("nginx: " + e);
        }
        return new Result(courtcast, Distribution.of(nginx), problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Median over the playlist's complete, dated segments of PDT minus the first part's decode time. */
    private double courtcastAnchor(URI playlistUri, List<String> problems) throws IOException, InterruptedException {
        MediaPlaylist playlist = MediaPlaylist.parse(get(playlistUri, String.class));
        if (playlist.mapUri() == null) {
            problems.add("CourtCast's playlist has no EXT-X-MAP");
            return Double.NaN;
        }
        MediaTimestamps.VideoTrack track = MediaTimestamps.videoTrack(get(playlistUri.resolve(playlist.mapUri()),
                byte[].class));
        if (track == null || track.timescale() <= 0) {
            problems.add("CourtCast's init segment has no video track");
            return Double.NaN;
        }
        List<Double> anchors = new ArrayList<>();
        for (MediaPlaylist.Segment segment : playlist.segments()) {
            if (segment.open() || segment.programDateTime() == null || segment.parts().isEmpty()) {
                continue;
            }
            long decodeTime = MediaTimestamps.decodeTime(
                    get(playlistUri.resolve(segment.parts().getFirst().uri()), byte[].class), track.trackId());
            if (decodeTime >= 0) {
                anchors.add(segment.programDateTime().toEpochMilli() - decodeTime * 1000.0 / track.timescale());
            }
        }
        if (anchors.isEmpty()) {
            problems.add("no dated CourtCast segment with parts to read");
        }
        return Distribution.of(anchors).p50();
    }

    /** Per complete fragment: the arrival time in its name minus its first video DTS. */
    private List<Double> nginxAnchors(URI playlistUri, List<String> problems) throws IOException, InterruptedException {
        MediaPlaylist playlist = MediaPlaylist.parse(get(playlistUri, String.class));
        List<Double> anchors = new ArrayList<>();
        for (MediaPlaylist.Segment segment : playlist.segments()) {
            var arrival = ListingLog.nameTime(segment.uri());
            if (arrival == null) {
                continue;
            }
            long dts;
            try {
                dts = MediaTimestamps.firstVideoTimestamp(get(playlistUri.resolve(segment.uri()), byte[].class));
            } catch (IOException e) {
                continue; // deleted from the sliding window meanwhile
            }
            if (dts >= 0) {
                anchors.add(arrival.toEpochMilli() - (dts / 90.0 - NGINX_TS_DELAY_MILLIS));
            }
        }
        if (anchors.isEmpty()) {
            problems.add("no nginx fragment with a system-clock name and a video timestamp");
        }
        return anchors;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(URI uri, Class<T> type) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        HttpResponse<?> response = type == String.class
                ? client.send(request, HttpResponse.BodyHandlers.ofString())
                : client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return (T) response.body();
    }
}
