package com.courtcast.common.hls;

import java.util.List;

/**
 * A Multivariant Playlist (4.4.6): the renditions a player chooses between.
 *
 * @param independentSegments whether to write EXT-X-INDEPENDENT-SEGMENTS (4.4.2.1): every segment
 *     of every variant starts with a key frame
 * @param variants the variants, written in this order (null is read as empty)
 */
public record MultivariantPlaylist(boolean independentSegments, List<Variant> variants) {

    public MultivariantPlaylist {
        variants = variants == null ? List.of() : List.copyOf(variants);
    }
}
