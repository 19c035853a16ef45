package com.courtcast.common.media;

import io.netty.buffer.ByteBuf;

/**
 * One coded frame (video) or one coded audio frame, with its timing.
 *
 * <p>Video payloads are length-prefixed NAL units (H.264/HEVC, the length size comes from the
 * codec configuration) or AV1 low-overhead OBUs: exactly the sample format fMP4 stores, so no
 * re-framing is needed downstream. Audio payloads are raw AAC frames without ADTS headers.
 *
 * <p>Timestamps are milliseconds on the publisher's timeline (RTMP timestamps, widened past the
 * 32-bit wrap so they never go back within one publish). {@code pts = dts + compositionOffset}.
 *
 * <p>Ownership: whoever delivers an access unit to a {@link MediaSink} keeps ownership of the
 * payload and releases it after the call returns; a sink that keeps the unit past the call must
 * {@link #retain()} it and later {@link #release()} it.
 */
public record AccessUnit(
        TrackType track, long dtsMillis, int compositionOffsetMillis, boolean keyframe, ByteBuf payload)
        implements MediaEvent {

    public long ptsMillis() {
        return dtsMillis + compositionOffsetMillis;
    }

    public int size() {
        return payload.readableBytes();
    }

    public AccessUnit retain() {
        payload.retain();
        return this;
    }

    public boolean release() {
        return payload.release();
    }
}
