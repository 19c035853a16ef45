package com.courtcast.ingest.flv;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.CodecConfig;

public sealed interface DemuxResult {
    record ConfigResult(CodecConfig config) implements DemuxResult {}
    record FrameResult(AccessUnit unit) implements DemuxResult {}
    record Ignored(String why) implements DemuxResult {}
    record Unsupported(String description) implements DemuxResult {}
}
