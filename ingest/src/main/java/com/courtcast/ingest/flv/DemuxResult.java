package com.courtcast.ingest.flv;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.CodecConfig;

/** What one FLV audio or video tag body turned into. */
public sealed interface DemuxResult {

    /** A sequence header: the track's decoder configuration. */
    record ConfigResult(CodecConfig config) implements DemuxResult {}

    /** A coded frame; the receiver owns {@code unit} and releases it. */
    record FrameResult(AccessUnit unit) implements DemuxResult {}

    /** A tag with nothing to pass on (end of sequence, a command frame, a frame before its configuration). */
    record Ignored(String why) implements DemuxResult {}

    /** A codec or feature CourtCast does not carry; the publish is refused with {@code description}. */
    record Unsupported(String description) implements DemuxResult {}
}
