package com.courtcast.transcoder.cmaf;

import com.courtcast.common.media.CodecConfig;
import java.util.Objects;

/**
 * One track of an fMP4 presentation, as the initialization segment declares it.
 *
 * @param trackId the ISO-BMFF track_ID, at least 1; fragments name their track by it
 * @param config the decoder configuration the sample entry carries (avcC, hvcC, av1C, esds)
 * @param timescale ticks per second of the track's media timeline: every {@link Sample} duration
 *     and composition offset and every {@link TrackFragment#baseMediaDecodeTime()} of the track
 *     is in these units. Typically 90000 for video and the sample rate for AAC, so that every
 *     AAC frame lasts exactly 1024 ticks.
 */
public record TrackSpec(int trackId, CodecConfig config, int timescale) {

    public TrackSpec {
        if (trackId < 1) {
            throw new IllegalArgumentException("trackId must be >= 1, was " + trackId);
        }
        Objects.requireNonNull(config, "config");
        if (timescale < 1) {
            throw new IllegalArgumentException("timescale must be >= 1, was " + timescale);
        }
    }
}
