package com.courtcast.loadtest.edge;

/**
 * A part's place in a live media playlist: the media sequence number of its segment and its
 * index there. CourtCast names parts by a running sequence, so the place comes from the playlist,
 * never from the name ({@link PlaylistParts#listed}).
 */
public record PartPosition(long msn, int index) implements Comparable<PartPosition> {

    @Override
    public int compareTo(PartPosition other) {
        return msn != other.msn ? Long.compare(msn, other.msn) : Integer.compare(index, other.index);
    }

    /**
     * The part after this one as a blocking reload asks for it, as hls.js does: the next index in
     * the same segment, which the server reads as the next segment's first part once this
     * segment turns out to be complete (RFC 8216bis 6.2.5.2).
     */
    public PartPosition next() {
        return new PartPosition(msn, index + 1);
    }

    /** The query that blocks until this part is listed (RFC 8216bis 6.2.5.2). */
    public String blockingQuery() {
        return "_HLS_msn=" + msn + "&_HLS_part=" + index;
    }
}
