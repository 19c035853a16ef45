package com.courtcast.origin.live;

import com.courtcast.common.hls.MediaPlaylist;
import com.courtcast.common.hls.PlaylistWriter;
import com.courtcast.common.hls.SkipRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * One rendered state of a live media playlist, shared by every request answered with it. The
 * text is rendered once; its gzip form and delta update are made on first demand and kept.
 *
 * <p>Positions (newest part, what satisfies a blocking request) are the playlist model's own
 * ({@link MediaPlaylist#lastMsn()}, {@link MediaPlaylist#satisfies}); this adds what only a
 * serving origin decides: an ended playlist holds nobody, and how far ahead a request may ask.
 */
public final class PlaylistSnapshot {

    private final MediaPlaylist playlist;
    private final long version;
    private final String tag;
    private final double partTargetSeconds;
    private final String text;
    private final long createdNanos = System.nanoTime();
    private volatile byte[] bytes;
    private volatile byte[] gzipped;
    private volatile String deltaText;
    private volatile byte[] deltaBytes;
    private volatile byte[] deltaGzipped;

    /**
     * @param tag identifies the rendition's lifetime in ETags (versions restart with it)
     */
    PlaylistSnapshot(MediaPlaylist playlist, long version, String tag) {
        this.playlist = playlist;
        this.version = version;
        this.tag = tag;
        this.partTargetSeconds = playlist.partTarget();
        this.text = PlaylistWriter.write(playlist);
    }

    public MediaPlaylist playlist() {
        return playlist;
    }

    /** {@link System#nanoTime()} when this state became available. */
    public long createdNanos() {
        return createdNanos;
    }

    public long version() {
        return version;
    }

    public boolean ended() {
        return playlist.endList();
    }

    public int targetDuration() {
        return playlist.targetDuration();
    }

    /**
     * Whether this playlist already answers a blocking request for segment {@code msn}, part
     * {@code part} (-1: the whole segment); see {@link MediaPlaylist#satisfies}.
     */
    public boolean satisfies(long msn, int part) {
        return ended() || playlist.satisfies(msn, part); // 6.2.5.2: an ended playlist holds nobody
    }

    /**
     * Whether a blocking request asks too far ahead to be held: an MSN beyond the last one plus
     * two, or a part beyond the newest by more than the Advance Part Limit (three divided by the
     * part target when that is under a second, otherwise three).
     *
     * @return the reason, or null when the request may wait
     */
    public String tooFarAhead(long msn, int part) {
        long lastMsn = playlist.lastMsn();
        if (msn > lastMsn + 2) {
            return "_HLS_msn " + msn + " is more than two beyond the last segment " + lastMsn;
        }
        if (part >= 0 && partTargetSeconds > 0) {
            double limit = partTargetSeconds < 1 ? 3 / partTargetSeconds : 3;
            long partsPerSegment = Math.max(1, Math.round(playlist.targetDuration() / partTargetSeconds));
            long ahead = (msn - lastMsn) * partsPerSegment + part - playlist.lastPartIndex();
            if (ahead > limit) {
                return "_HLS_part " + part + " of segment " + msn + " is beyond the advance part limit";
            }
        }
        return null;
    }

    /** Whether a request with this {@code _HLS_skip} gets a delta update (when the server offers them). */
    public boolean offersDelta(SkipRequest skip) {
        return skip != null && playlist.serverControl() != null && playlist.serverControl().canSkipUntil() > 0;
    }

    /** The playlist or its delta update (when one is offered), as text. */
    public String text(SkipRequest skip) {
        if (!offersDelta(skip)) {
            return text;
        }
        String delta = deltaText;
        if (delta == null) {
            delta = PlaylistWriter.writeDelta(playlist, skip);
            deltaText = delta;
        }
        return delta;
    }

    /** UTF-8 bytes of {@link #text}, gzipped when asked. */
    public byte[] body(SkipRequest skip, boolean gzip) {
        boolean delta = offersDelta(skip);
        if (delta) {
            if (deltaBytes == null) {
                deltaBytes = text(skip).getBytes(StandardCharsets.UTF_8);
            }
            if (!gzip) {
                return deltaBytes;
            }
            if (deltaGzipped == null) {
                deltaGzipped = gzip(deltaBytes);
            }
            return deltaGzipped;
        }
        if (bytes == null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        if (!gzip) {
            return bytes;
        }
        if (gzipped == null) {
            gzipped = gzip(bytes);
        }
        return gzipped;
    }

    /** A strong validator for one representation of this snapshot. */
    public String etag(SkipRequest skip, boolean gzip) {
        boolean delta = offersDelta(skip);
        return "\"" + tag + "-" + version + (delta ? "-d" : "") + (gzip ? "-gz" : "") + "\"";
    }

    /** Gzips a playlist body (playlists shrink about eightfold). */
    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
