package com.courtcast.transcoder.packager;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.time.Duration;

/**
 * How renditions are cut into segments and parts. Keys are {@code packager.*} in the configuration
 * file, {@code COURTCAST_PACKAGER_*} in the environment.
 *
 * @param targetDuration segments end at the first keyframe after this long
 * @param partTarget parts last about this long (0.2 s to 1 s; shorter means lower latency and
 *     more requests)
 */
public record PackagerConfig(Duration targetDuration, Duration partTarget) {

    public static final Duration DEFAULT_TARGET_DURATION = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PART_TARGET = Duration.ofMillis(333);

    public PackagerConfig {
        if (partTarget.compareTo(Duration.ofMillis(200)) < 0 || partTarget.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new ConfigException("packager.partTarget must be between 0.2 s and 1 s, was " + partTarget);
        }
        if (targetDuration.compareTo(partTarget.multipliedBy(2)) < 0) {
            throw new ConfigException("packager.targetDuration must be at least twice packager.partTarget, was "
                    + targetDuration + " with part target " + partTarget);
        }
    }

    public static PackagerConfig defaults() {
        return new PackagerConfig(DEFAULT_TARGET_DURATION, DEFAULT_PART_TARGET);
    }

    public static PackagerConfig from(Settings settings) {
        return new PackagerConfig(
                settings.duration("packager.targetDuration", DEFAULT_TARGET_DURATION,
                        Duration.ofSeconds(1), Duration.ofSeconds(30)),
                settings.duration("packager.partTarget", DEFAULT_PART_TARGET,
                        Duration.ofMillis(200), Duration.ofSeconds(1)));
    }
}
