package com.courtcast.loadtest.latency;

import java.time.Duration;
import java.util.List;

/**
 * What one run measured: CourtCast at one part target and nginx-rtmp beside it, fed by the same
 * publisher and played by the same hls.js at the same time.
 *
 * @param partTarget CourtCast's {@code packager.partTarget}
 * @param windowSeconds the measured window as it was
 * @param courtcast CourtCast's player and playlist
 * @param nginx nginx-rtmp's player and playlist
 * @param serverMetrics what CourtCast's {@code /metrics} said
 * @param machine how busy the machine was
 * @param alignment CourtCast's date-times checked against nginx-rtmp's arrival clock
 * @param hlsVersion the hls.js version both pages ran
 * @param notes anything that makes the figures less than clean
 * @param failure why the run failed, or null
 */
public record LatencyRunResult(Duration partTarget, double windowSeconds, PlayerMeasures courtcast,
                               PlayerMeasures nginx, ServerMetrics serverMetrics, MachineLoad machine,
                               ClockAlignment.Result alignment, String hlsVersion, List<String> notes, String failure) {

    static LatencyRunResult failed(Duration partTarget, String failure, List<String> notes) {
        return new LatencyRunResult(partTarget, 0, PlayerMeasures.NONE, PlayerMeasures.NONE, ServerMetrics.NONE,
                MachineLoad.NONE, ClockAlignment.Result.NONE, "?", List.copyOf(notes), failure);
    }

    public boolean failed() {
        return failure != null;
    }

    /**
     * One server as its player and the playlist poller saw it over the window.
     *
     * @param glassToGlassMillis wall clock minus the server's own date of the media at the playhead
     *     (CourtCast: EXT-X-PROGRAM-DATE-TIME), one sample per 250 ms of playback
     * @param arrivalGlassToGlassMillis the same on the arrival clock: CourtCast's corrected by the
     *     {@link ClockAlignment} offset; nginx-rtmp's as measured (its names are arrival times)
     * @param hlsLatencySeconds hls.js's {@code latency}: how far the playhead is behind its
     *     estimate of the live edge
     * @param targetLatencySeconds hls.js's {@code targetLatency}
     * @param listingLagMillis from the media that ends a part (segment) reaching the server, by the
     *     server's own dates, to a poll seeing the part listed
     * @param arrivalListingLagMillis the same on the arrival clock (see {@code arrivalGlassToGlassMillis})
     * @param impliedGlassToGlassSeconds each hls.js latency sample plus the median listing lag on
     *     the arrival clock
     * @param crossCheckMillis CourtCast only: the same date-time latency as read by the
     *     benchmark's own sampler (it should match {@code glassToGlassMillis})
     * @param pollRequestMillis how long the poller's requests took
     * @param polls playlist polls in the whole run, and how many failed
     * @param waits {@code waiting} events of the video element in the window (stalls)
     * @param playerStalls CourtCast only: the viewer page's own stall count over the window (-1 for nginx)
     * @param meanPlaybackRate mean playbackRate over the samples (above 1: catching up)
     * @param playheadSpeed how far the playhead moved over the window per second of wall clock
     * @param bufferedAheadSeconds media buffered ahead of the playhead
     * @param serverCpuPercent the server's process tree over the window, % of one core
     * @param serverRssBytes the server's resident memory at the window's end
     */
    public record PlayerMeasures(Distribution glassToGlassMillis, Distribution arrivalGlassToGlassMillis,
                                 Distribution hlsLatencySeconds,
                                 Distribution targetLatencySeconds, Distribution listingLagMillis,
                                 Distribution arrivalListingLagMillis,
                                 Distribution impliedGlassToGlassSeconds, Distribution crossCheckMillis,
                                 Distribution pollRequestMillis, long polls, long pollFailures, int waits,
                                 int playerStalls, double meanPlaybackRate, double playheadSpeed,
                                 Distribution bufferedAheadSeconds, double serverCpuPercent,
                                 long serverRssBytes) {

        static final PlayerMeasures NONE = new PlayerMeasures(Distribution.EMPTY, Distribution.EMPTY,
                Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY,
                0, 0, 0, -1, Double.NaN, Double.NaN, Distribution.EMPTY, Double.NaN, 0);
    }

    /**
     * CourtCast's own timers, read from {@code /metrics} at the window's start and end. Quantiles
     * are Micrometer's, over its sliding two minutes (so they include the warm-up); means and
     * counts are over the window exactly (from the {@code _sum} and {@code _count} differences),
     * and so are the blocking answer delay's quantiles (interpolated in its buckets) and its share
     * within 10 ms (from the {@code le="0.01"} bucket's).
     * Milliseconds; NaN when absent.
     */
    public record ServerMetrics(double partLagP50, double partLagP95, double partLagP99, double partLagMax,
                                double partLagWindowMean, long partLagWindowCount,
                                double answerDelayP50, double answerDelayP99, double answerDelayMax,
                                double answerDelayWindowMean, long answerDelayWindowCount,
                                double answerWithin10msWindowPercent,
                                double blockingWaitP50, double blockingWaitP99) {

        static final ServerMetrics NONE = new ServerMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * How busy the machine was during the window, in % of one core (the machine has {@code cores}
     * x 100 %).
     *
     * @param machineBusyPercent everything, from /proc/stat
     * @param benchPercent the benchmark's own process tree: its JVM, both servers, ffmpeg,
     *     ChromeDriver and both browsers
     * @param loadAverageStart /proc/loadavg's first three figures at the window's start
     * @param loadAverageEnd and at its end
     */
    public record MachineLoad(double machineBusyPercent, double benchPercent, double ffmpegPercent,
                              String loadAverageStart, String loadAverageEnd) {

        static final MachineLoad NONE = new MachineLoad(Double.NaN, Double.NaN, Double.NaN, "?", "?");

        /** CPU that went to processes outside the benchmark (other people's work). */
        public double othersPercent() {
            return Math.max(0, machineBusyPercent - benchPercent);
        }
    }
}
