package com.courtcast.loadtest.server;

/**
 * What a server reports about its publishers; -1 where it does not report a figure.
 *
 * @param framesReceived audio and video frames received (CourtCast's
 *     {@code courtcast_ingest_frames_total}); nginx-rtmp does not count frames
 * @param publishing streams being published
 * @param bytesReceived bytes received as the server counts them (CourtCast: media payload;
 *     nginx-rtmp: everything on the wire)
 */
public record ServerCounters(long framesReceived, long publishing, long bytesReceived) {

    public static final ServerCounters UNKNOWN = new ServerCounters(-1, -1, -1);
}
