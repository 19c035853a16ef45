package com.courtcast.ingest.flv;

import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import io.netty.buffer.ByteBuf;

public final class FlvDemuxer {
    public DemuxResult demux(TrackType track, long timestampMillis, ByteBuf body) throws MediaFormatException {
        return new DemuxResult.Ignored("placeholder until the demuxer lands");
    }
}
