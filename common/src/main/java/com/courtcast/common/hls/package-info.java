/**
 * HLS playlists: an immutable model and a text writer, per draft-pantos-hls-rfc8216bis (HTTP Live
 * Streaming 2nd Edition), used by the live LL-HLS origin and for VOD.
 *
 * <p>{@link com.courtcast.common.hls.MultivariantPlaylist} lists {@link
 * com.courtcast.common.hls.Variant}s; {@link com.courtcast.common.hls.MediaPlaylist} lists {@link
 * com.courtcast.common.hls.Segment}s and their {@link com.courtcast.common.hls.Part}s with the
 * LL-HLS tags ({@link com.courtcast.common.hls.ServerControl}, {@link
 * com.courtcast.common.hls.PreloadHint}, {@link com.courtcast.common.hls.RenditionReport}). The
 * model checks the spec's MUSTs when it is built, so {@link
 * com.courtcast.common.hls.PlaylistWriter} cannot fail; it writes full playlists and Playlist
 * Delta Updates ({@link com.courtcast.common.hls.SkipRequest}).
 *
 * <p>Callers pass the whole window and all parts; the writer decides what the spec says to leave
 * out (parts older than three target durations, skipped segments of a delta update) and computes
 * EXT-X-VERSION.
 */
package com.courtcast.common.hls;
