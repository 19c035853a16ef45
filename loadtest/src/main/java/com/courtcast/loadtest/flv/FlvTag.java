package com.courtcast.loadtest.flv;

import com.courtcast.common.media.TrackType;
import io.netty.buffer.ByteBuf;

/**
 * One audio or video tag of an {@link FlvFile}.
 *
 * @param track audio or video
 * @param timestampMillis the tag's timestamp in the file
 * @param body the tag body (an RTMP audio or video message payload), a slice of the file shared by
 *     every publisher: never move its indexes or release it, send {@link #retainedBody()} instead
 * @param keyframe whether this is a video keyframe (an encoder may resume sending here)
 * @param config whether this is a codec configuration (AVC or AAC sequence header) rather than a frame
 */
public record FlvTag(TrackType track, long timestampMillis, ByteBuf body, boolean keyframe, boolean config) {

    /** A new reference to the body that the receiver owns and releases. */
    public ByteBuf retainedBody() {
        return body.retainedSlice();
    }

    public int size() {
        return body.readableBytes();
    }
}
