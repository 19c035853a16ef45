package com.courtcast.common.media;

/**
 * Decoder configuration of one track, parsed from what the publisher sent (an FLV sequence header).
 *
 * <p>{@link #record()} is the configuration record exactly as ISO-BMFF sample entries carry it
 * (avcC, hvcC, av1C payload, or the AAC AudioSpecificConfig), so packagers write it unchanged.
 */
public sealed interface CodecConfig permits VideoConfig, AacConfig {

    Codec codec();

    /** The raw configuration record; callers must not modify the returned array. */
    byte[] record();

    /** The RFC 6381 "codecs" parameter value, e.g. {@code avc1.64001F} or {@code mp4a.40.2}. */
    String codecsString();
}
