package com.courtcast.transcoder.ladder;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.time.Duration;
import java.util.List;

/**
 * How the transcoding ladder encodes and when it gives way. Keys are {@code transcoder.*} in the
 * configuration file, {@code COURTCAST_TRANSCODER_*} in the environment; which rungs a stream gets
 * is {@link LadderProfiles}' business.
 *
 * @param encoder the FFmpeg H.264 encoder: {@code libx264} (GPL natives) or {@code libopenh264};
 *     see the README on licences
 * @param preset the x264 speed preset; slower presets cost CPU per input for a few percent of bitrate
 * @param vbvBuffer the VBV buffer as time at the rung's bitrate: caps how far any window of that
 *     length may exceed the target, which is what keeps a phone's buffer from draining
 * @param encoderThreads x264 slice threads per rung (1 is the cheapest per input on a small machine)
 * @param decoderThreads slice threads of the one decoder per stream (slice threads add no delay)
 * @param queueFrames video frames waiting for the transcoder before input is dropped until the next
 *     keyframe (and every rung restarts)
 * @param shedAtFrames more video frames waiting than this ...
 * @param shedAfter ... for this long means the transcoder is behind real time: the most expensive
 *     rung is shed (and another after the same time again if that did not help)
 * @param restoreAfter a shed rung may come back after the queue stayed within bounds this long ...
 * @param restoreBelowLoadPercent ... with the transcoder busy at most this share of the time; it
 *     then restarts at the source's next segment boundary
 * @param startWait how long a starting rung waits for the source's packager to decide whether a
 *     keyframe opens a segment (it runs on another thread and is normally there first)
 */
public record LadderConfig(String encoder, String preset, Duration vbvBuffer, int encoderThreads, int decoderThreads,
                           int queueFrames, int shedAtFrames, Duration shedAfter, Duration restoreAfter,
                           int restoreBelowLoadPercent, Duration startWait) {

    public static final String DEFAULT_LADDER = "720p@2500k,480p@1200k,360p@600k";
    public static final String LIBX264 = "libx264";
    public static final String LIBOPENH264 = "libopenh264";
    public static final String DEFAULT_ENCODER = LIBX264;
    public static final String DEFAULT_PRESET = "veryfast";
    public static final Duration DEFAULT_VBV_BUFFER = Duration.ofSeconds(1);
    public static final int DEFAULT_ENCODER_THREADS = 1;
    public static final int DEFAULT_DECODER_THREADS = 1;
    public static final int DEFAULT_QUEUE_FRAMES = 90;
    public static final int DEFAULT_SHED_AT_FRAMES = 10;
    public static final Duration DEFAULT_SHED_AFTER = Duration.ofMillis(500);
    public static final Duration DEFAULT_RESTORE_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_RESTORE_BELOW_LOAD_PERCENT = 50;
    public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(1);
    private static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    public LadderConfig {
        if (!encoder.equals(LIBX264) && !encoder.equals(LIBOPENH264)) {
            throw new ConfigException("transcoder.encoder must be libx264 or libopenh264, was '" + encoder + "'");
        }
        if (!PRESETS.contains(preset)) {
            throw new ConfigException("transcoder.preset must be one of " + PRESETS + ", was '" + preset + "'");
        }
        if (shedAtFrames >= queueFrames) {
            throw new ConfigException("transcoder.shedAtFrames must be below transcoder.queueFrames (" + queueFrames
                    + "), was " + shedAtFrames);
        }
    }

    public static LadderConfig defaults() {
        return from(Settings.empty());
    }

    public static LadderConfig from(Settings settings) {
        return new LadderConfig(
                settings.string("transcoder.encoder", DEFAULT_ENCODER).trim(),
                settings.string("transcoder.preset", DEFAULT_PRESET).trim(),
                settings.duration("transcoder.vbvBuffer", DEFAULT_VBV_BUFFER,
                        Duration.ofMillis(100), Duration.ofSeconds(10)),
                settings.integer("transcoder.encoderThreads", DEFAULT_ENCODER_THREADS, 1, 16),
                settings.integer("transcoder.decoderThreads", DEFAULT_DECODER_THREADS, 1, 16),
                settings.integer("transcoder.queueFrames", DEFAULT_QUEUE_FRAMES, 4, 3000),
                settings.integer("transcoder.shedAtFrames", DEFAULT_SHED_AT_FRAMES, 2, 2999),
                settings.duration("transcoder.shedAfter", DEFAULT_SHED_AFTER,
                        Duration.ZERO, Duration.ofMinutes(1)),
                settings.duration("transcoder.restoreAfter", DEFAULT_RESTORE_AFTER,
                        Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.integer("transcoder.restoreBelowLoadPercent", DEFAULT_RESTORE_BELOW_LOAD_PERCENT, 1, 95),
                settings.duration("transcoder.startWait", DEFAULT_START_WAIT, Duration.ZERO, Duration.ofSeconds(10)));
    }
}
