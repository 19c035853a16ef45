package com.courtcast.transcoder.cmaf;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One media sample of a track fragment: an access unit in ISO-BMFF sample format.
 *
 * <p>{@code data} is the sample's readable bytes (reader index to writer index): length-prefixed
 * NAL units for H.264/HEVC, low-overhead OBUs for AV1 (a leading temporal delimiter is dropped by
 * the writer, see {@link FragmentWriter}), a raw AAC frame for audio. The sample only borrows
 * {@code data}; see {@link FragmentWriter} for who holds which reference.
 *
 * @param data the sample bytes, not empty
 * @param duration decode duration in the track's timescale, {@code >= 0}
 * @param compositionOffset presentation time minus decode time in the track's timescale; may be
 *     negative (written with {@code trun} version 1)
 * @param sync whether the sample is a sync sample (a random access point: IDR / IRAP / AV1 key
 *     frame with sequence header; every AAC frame)
 */
public record Sample(ByteBuf data, int duration, int compositionOffset, boolean sync) {

    public Sample {
        Objects.requireNonNull(data, "data");
        if (duration < 0) {
            throw new IllegalArgumentException("sample duration must be >= 0, was " + duration);
        }
    }
}
