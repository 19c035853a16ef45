package com.courtcast.common.packaging;

/**
 * Receives one rendition's packaged media, in order, from its packager.
 *
 * <p>The sequence for one publish is {@link #onInit}, then for each segment {@link #onSegmentOpened},
 * one or more {@link #onPart} and {@link #onSegmentClosed}, and finally {@link #onPublishEnded}.
 * An encoder that reconnects starts a new sequence with a new init whose first segment is marked
 * as a discontinuity; media sequence numbers keep counting up across publishes. A segment opened
 * but never closed (no part was ever written into it) is dropped by the next call that is not
 * {@link #onPart}.
 *
 * <p>Calls come from the packager's own thread, one at a time; implementations must not block
 * it for long (it is on the live path).
 */
public interface SegmentSink {

    void onInit(InitSegment init);

    void onSegmentOpened(SegmentOpened segment);

    void onPart(MediaPart part);

    void onSegmentClosed(SegmentClosed segment);

    /** The publisher stopped; a segment left open was closed before this call. */
    void onPublishEnded(String reason);
}
