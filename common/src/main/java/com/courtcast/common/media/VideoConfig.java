package com.courtcast.common.media;

/** A video track's configuration with the picture facts read from its parameter sets. */
public sealed interface VideoConfig extends CodecConfig permits AvcConfig, HevcConfig, Av1Config {

    /** Display width in pixels after cropping. */
    int width();

    /** Display height in pixels after cropping. */
    int height();

    /** Frame rate signalled in the bitstream's timing info, or 0 when the stream does not say. */
    double frameRate();
}
