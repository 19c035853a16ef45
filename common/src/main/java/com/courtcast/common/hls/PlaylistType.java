package com.courtcast.common.hls;

/** The EXT-X-PLAYLIST-TYPE of a Media Playlist (4.4.3.5). */
public enum PlaylistType {
    /** No EXT-X-PLAYLIST-TYPE tag: a live playlist whose old segments may slide out. */
    NONE,
    /** Segments are only appended (an event that is kept whole). */
    EVENT,
    /** The playlist never changes. */
    VOD
}
