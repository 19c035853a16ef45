package com.courtcast.transcoder.cmaf;

import java.util.List;

/**
 * The samples of one track in one movie fragment ({@code traf}), in decode order.
 *
 * @param trackId the track_ID of a {@link TrackSpec} in the initialization segment
 * @param baseMediaDecodeTime decode time of the first sample in the track's timescale ({@code tfdt});
 *     the next fragment of the track starts where this one's sample durations add up to
 * @param samples at least one sample
 */
public record TrackFragment(int trackId, long baseMediaDecodeTime, List<Sample> samples) {

    public TrackFragment {
        if (trackId < 1) {
            throw new IllegalArgumentException("trackId must be >= 1, was " + trackId);
        }
        if (baseMediaDecodeTime < 0) {
            throw new IllegalArgumentException("baseMediaDecodeTime must be >= 0, was " + baseMediaDecodeTime
                    + " (track " + trackId + ")");
        }
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("track fragment of track " + trackId + " has no samples");
        }
    }
}
