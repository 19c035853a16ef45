package com.courtcast.common.packaging;

import java.util.Objects;

/**
 * The initialization segment of one publish of a rendition, with what the multivariant playlist
 * says about it.
 *
 * @param mediaPrefix random per publish and rendition; every media name of this publish starts
 *     with it, so no cache can confuse this publish's media with an earlier one's
 * @param bytes the fMP4 init segment (ftyp + moov); never modified after construction
 * @param codecs RFC 6381 codecs list for CODECS, e.g. {@code avc1.64001F,mp4a.40.2}
 * @param width display width, 0 without video
 * @param height display height, 0 without video
 * @param frameRate frames per second, 0 when unknown or without video
 */
public record InitSegment(String mediaPrefix, byte[] bytes, String codecs, int width, int height, double frameRate) {

    public InitSegment {
        Objects.requireNonNull(mediaPrefix, "mediaPrefix");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(codecs, "codecs");
    }
}
