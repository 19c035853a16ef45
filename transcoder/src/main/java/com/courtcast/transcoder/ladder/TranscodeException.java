package com.courtcast.transcoder.ladder;

/** A decoder, scaler or encoder call failed; the ladder restarts its rungs at the next keyframe. */
final class TranscodeException extends RuntimeException {

    TranscodeException(String message) {
        super(message);
    }
}
