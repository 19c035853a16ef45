package com.courtcast.transcoder.ladder;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** Return codes of FFmpeg's C API turned into exceptions that say which call failed and why. */
final class FfmpegCalls {

    /** AVERROR(EAGAIN) on Linux: the codec wants the other side of send/receive first. */
    static final int EAGAIN = -11;

    private FfmpegCalls() {
    }

    /** @return {@code result} when it is not an error */
    static int check(int result, String call) {
        if (result < 0) {
            throw new TranscodeException(call + " failed: " + describe(result));
        }
        return result;
    }

    static String describe(int error) {
        byte[] text = new byte[256];
        av_strerror(error, text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (" + error + ")";
    }
}
