package com.courtcast.transcoder.cmaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaFormatException;
import com.courtcast.common.media.TrackType;
import com.courtcast.common.media.VideoConfig;
import com.courtcast.ingest.flv.DemuxResult;
import com.courtcast.ingest.flv.FlvDemuxer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An FLV file turned into what the live pipeline carries: codec configurations and access units,
 * by the ingest's own {@link FlvDemuxer}. Reads the FLV file layout (FLV spec v10.1 E.2, E.3):
 * header, then tags each followed by its PreviousTagSize. Owns the access units' payloads until
 * {@link #close()}.
 */
public final class DemuxedFlv implements AutoCloseable {

    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;

    public VideoConfig video;
    public AacConfig audio;
    public final List<AccessUnit> videoUnits = new ArrayList<>();
    public final List<AccessUnit> audioUnits = new ArrayList<>();

    public static DemuxedFlv read(Path flv) throws IOException, MediaFormatException {
        ByteBuf in = Unpooled.wrappedBuffer(Files.readAllBytes(flv));
        FlvDemuxer demuxer = new FlvDemuxer();
        DemuxedFlv out = new DemuxedFlv();
        boolean complete = false;
        try {
            assertThat(in.readCharSequence(3, StandardCharsets.US_ASCII).toString()).isEqualTo("FLV");
            in.skipBytes(2); // version, flags
            in.readerIndex((int) in.readUnsignedInt() + 4); // header size, PreviousTagSize0
            while (in.readableBytes() >= 11) {
                int type = in.readUnsignedByte() & 0x1F;
                int size = in.readUnsignedMedium();
                long timestamp = in.readUnsignedMedium() | (long) in.readUnsignedByte() << 24;
                in.skipBytes(3); // StreamID
                ByteBuf body = in.readSlice(size);
                in.skipBytes(4); // PreviousTagSize
                if (type == TAG_AUDIO || type == TAG_VIDEO) {
                    TrackType track = type == TAG_VIDEO ? TrackType.VIDEO : TrackType.AUDIO;
                    out.add(track, demuxer.demux(track, timestamp, body));
                }
            }
            out.video = demuxer.videoConfig().orElse(null);
            out.audio = demuxer.audioConfig().orElse(null);
            complete = true;
            return out;
        } finally {
            in.release();
            if (!complete) {
                out.close();
            }
        }
    }

    private void add(TrackType track, DemuxResult result) {
        switch (result) {
            case DemuxResult.FrameResult frame ->
                    (track == TrackType.VIDEO ? videoUnits : audioUnits).add(frame.unit());
            case DemuxResult.Unsupported unsupported -> throw new AssertionError(unsupported.description());
            case DemuxResult.ConfigResult config -> { }
            case DemuxResult.Ignored ignored -> { }
        }
    }

    @Override
    public void close() {
        videoUnits.forEach(AccessUnit::release);
        audioUnits.forEach(AccessUnit::release);
        videoUnits.clear();
        audioUnits.clear();
    }
}
