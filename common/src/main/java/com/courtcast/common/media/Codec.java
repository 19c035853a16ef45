package com.courtcast.common.media;

/** Codecs the media pipeline carries, with the ISO-BMFF sample entry FourCC each is packaged under. */
public enum Codec {
    H264(TrackType.VIDEO, "avc1"),
    HEVC(TrackType.VIDEO, "hvc1"),
    AV1(TrackType.VIDEO, "av01"),
    AAC(TrackType.AUDIO, "mp4a");

    private final TrackType track;
    private final String fourCc;

    Codec(TrackType track, String fourCc) {
        this.track = track;
        this.fourCc = fourCc;
    }

    public TrackType track() {
        return track;
    }

    /** The sample entry type used in fMP4 and Enhanced RTMP ("avc1", "hvc1", "av01", "mp4a"). */
    public String fourCc() {
        return fourCc;
    }
}
