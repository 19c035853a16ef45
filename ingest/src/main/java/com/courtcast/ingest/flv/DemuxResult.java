package com.courtcast.ingest.flv;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.CodecConfig;

/** What one RTMP audio or video message turned into; see {@link FlvDemuxer#demux}. */
public sealed interface DemuxResult
        permits DemuxResult.ConfigResult, DemuxResult.FrameResult, DemuxResult.Ignored, DemuxResult.Unsupported {

    /** A sequence header carried a new (or changed) decoder configuration for its track. */
    record ConfigResult(CodecConfig config) implements DemuxResult {}

    /**
     * A coded frame. The caller owns {@code unit} and must release it (or hand ownership on); its
     * payload is a retained slice of the message body, which stays the caller's to release too.
     */
    record FrameResult(AccessUnit unit) implements DemuxResult {}

    /** A well-formed message that carries nothing to pass on (end of sequence, command, metadata, ...). */
    record Ignored(String why) implements DemuxResult {}

    /**
     * Valid FLV that CourtCast cannot carry (a codec or feature it does not support); the description
     * is meant for the publisher, e.g. "publish H.264, HEVC or AV1".
     */
    record Unsupported(String description) implements DemuxResult {}
}
