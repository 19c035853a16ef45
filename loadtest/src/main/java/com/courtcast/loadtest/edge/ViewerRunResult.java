package com.courtcast.loadtest.edge;

import com.courtcast.loadtest.latency.Distribution;
import java.util.List;

/**
 * What one live run measured: viewers reading through one cache.
 *
 * @param cache the cache the viewers read through: {@code courtcast} (the edge) or {@code nginx}
 * @param viewers simulated viewers
 * @param windowSeconds the measured window
 * @param partsInWindow parts that became available at the origin during the window
 * @param originPartRequests part requests that reached the origin during the window
 * @param originBlockingPlaylistRequests blocking playlist requests that reached the origin, the probe's own left out
 * @param originPlainPlaylistRequests plain playlist reloads that reached the origin
 * @param viewerRequests requests the viewers made to the edge during the window
 * @param deliveries part downloads of window parts that completed at viewers
 * @param expectedDeliveries viewers x window parts
 * @param deliveryDelayMillis from a part's availability at the origin to its last byte at a viewer
 * @param unproducedHints hinted parts answered 404 during the window (their segment ended first)
 * @param viewerConnects connections the viewers made during the window (keep-alive: few)
 * @param viewerErrors failed viewer requests during the window
 * @param lastError the last viewer failure, or null
 * @param serverCpuPercent the server side, of one core: the CourtCast process (ingest, origin and
 *     edge), plus nginx's processes when the viewers read through nginx
 * @param serverRssMiB its resident memory at the window's end
 * @param benchCpuPercent the bench JVM (viewers and probe), of one core: a load generator near its
 *     cores' limit measures itself, not the server
 * @param machineLoad the machine's 1-minute load average at the window's start and end (other
 *     work on the same cores delays both the server and the viewers)
 * @param problems warning and error lines of the server log
 */
record ViewerRunResult(String cache, int viewers, int windowSeconds, int partsInWindow, long originPartRequests,
                       long originBlockingPlaylistRequests, long originPlainPlaylistRequests, long viewerRequests,
                       long deliveries, long expectedDeliveries, Distribution deliveryDelayMillis, long unproducedHints, long viewerConnects, long viewerErrors,
                       String lastError, double serverCpuPercent, double serverRssMiB, double benchCpuPercent,
                       double[] machineLoad, List<String> problems) {

    double originPartRequestsPerPart() {
        return partsInWindow == 0 ? Double.NaN : (double) originPartRequests / partsInWindow;
    }

    double originBlockingRequestsPerPart() {
        return partsInWindow == 0 ? Double.NaN : (double) originBlockingPlaylistRequests / partsInWindow;
    }

    /**
     * CPU microseconds per viewer per part (playlist and requests included) on the server side:
     * a part's fan-out to every viewer needs about viewers times this, on cores the viewers share.
     */
    double serverCpuMicrosPerViewerPart() {
        return perViewerPart(serverCpuPercent);
    }

    /** The same for the bench JVM: what the simulated viewers themselves cost per part. */
    double benchCpuMicrosPerViewerPart() {
        return perViewerPart(benchCpuPercent);
    }

    private double perViewerPart(double cpuPercent) {
        long viewerParts = (long) viewers * partsInWindow;
        return viewerParts == 0 ? Double.NaN : cpuPercent / 100 * windowSeconds * 1e6 / viewerParts;
    }

    /** Share of the viewers' requests the origin never saw. */
    double offloadPercent() {
        long origin = originPartRequests + originBlockingPlaylistRequests + originPlainPlaylistRequests;
        return viewerRequests == 0 ? Double.NaN : 100.0 * (1 - (double) origin / viewerRequests);
    }
}
