package com.courtcast.ingest.live;

import java.time.Instant;
import java.util.Map;

/**
 * What is known of a live stream right now, for status pages, the demo and operators.
 *
 * @param videoCodec RFC 6381 codecs string of the video track, or null before its configuration
 * @param frameRate measured over the last seconds of media time
 * @param videoBitsPerSecond measured over the last seconds of media time
 * @param gopMillis media time between the last two keyframes, 0 until two were seen
 * @param droppedFramesByConsumer frames each consumer lost by falling behind
 */
public record StreamStatus(
        String name, boolean publishing, String publisherAddress, String publishId, Instant publishingSince,
        String videoCodec, int width, int height, double frameRate, long videoBitsPerSecond, long gopMillis,
        String audioCodec, int sampleRate, int channels, long audioBitsPerSecond,
        long videoFrames, long audioFrames, Map<String, Long> droppedFramesByConsumer) {

    /** One line for logs and the demo: codec, resolution, frame rate and bit rates. */
    public String summary() {
        StringBuilder line = new StringBuilder(name).append(": ");
        if (!publishing) {
            return line.append("not publishing").toString();
        }
        if (videoCodec != null) {
            line.append(String.format("video %s %dx%d %.2f fps %.0f kbit/s gop %.2f s",
                    videoCodec, width, height, frameRate, videoBitsPerSecond / 1000.0, gopMillis / 1000.0));
        } else {
            line.append("no video");
        }
        if (audioCodec != null) {
            line.append(String.format(", audio %s %d Hz %dch %.0f kbit/s",
                    audioCodec, sampleRate, channels, audioBitsPerSecond / 1000.0));
        }
        return line.append(String.format(", frames %d video / %d audio", videoFrames, audioFrames)).toString();
    }
}
