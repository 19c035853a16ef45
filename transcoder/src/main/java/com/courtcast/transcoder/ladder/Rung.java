package com.courtcast.transcoder.ladder;

import com.courtcast.common.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of the ladder: a picture height and a target bitrate. The width follows the source's
 * aspect ratio, so one rung fits 16:9 and 4:3 courtroom cameras alike.
 *
 * @param name the rendition name in URLs and the multivariant playlist, e.g. {@code 720p}
 * @param height output picture height in pixels (even)
 * @param bitsPerSecond the encoder's average and VBV-capped maximum bitrate
 */
public record Rung(String name, int height, long bitsPerSecond) {

    private static final Pattern SPEC = Pattern.compile("(\\d{2,4})p(?:@(\\d+)(k|m)?)?");
    /** Bitrates for the usual heights, so {@code 360p} alone is a complete rung. */
    private static final Map<Integer, Long> USUAL_BITRATES = Map.of(
            1080, 4_500_000L, 720, 2_500_000L, 480, 1_200_000L, 360, 600_000L, 240, 300_000L, 144, 150_000L);

    public Rung {
        if (height < 16 || height > 4320 || height % 2 != 0) {
            throw new IllegalArgumentException("rung height must be even and between 16 and 4320, was " + height);
        }
        if (bitsPerSecond < 32_000 || bitsPerSecond > 100_000_000) {
            throw new IllegalArgumentException("rung bitrate must be between 32k and 100m, was " + bitsPerSecond);
        }
    }

    /**
     * The width for a source picture: the source's aspect ratio at this height, rounded to even
     * (4:2:0 chroma needs even sizes).
     */
    public int widthFor(int sourceWidth, int sourceHeight) {
        long halfWidth = Math.round((double) sourceWidth * height / sourceHeight / 2);
        return (int) Math.max(2, halfWidth * 2);
    }

    /**
     * Parses a ladder: {@code off}, or rungs separated by commas, each {@code HEIGHTp} (usual
     * heights have a usual bitrate) or {@code HEIGHTp@RATE} with RATE in bit/s or with a {@code k}
     * or {@code m} suffix (whole numbers), e.g. {@code 720p@2500k,480p,360p@600k}.
     * The result is ordered from the highest rung down.
     *
     * @param key names the setting or flag in error messages
     * @throws ConfigException naming the key and the bad value
     */
    public static List<Rung> parseLadder(String key, String value) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("off") || trimmed.isEmpty()) {
            return List.of();
        }
        List<Rung> rungs = new ArrayList<>();
        for (String spec : trimmed.split(",")) {
            Matcher m = SPEC.matcher(spec.trim());
            if (!m.matches()) {
                throw new ConfigException(key + " must be 'off' or rungs like 720p@2500k,480p,360p; '" + spec.trim()
                        + "' is not a rung (in '" + value + "')");
            }
            int height = Integer.parseInt(m.group(1));
            long rate;
            if (m.group(2) != null) {
                long multiplier = m.group(3) == null ? 1 : m.group(3).equals("k") ? 1000 : 1_000_000;
                rate = Long.parseLong(m.group(2)) * multiplier;
            } else if (USUAL_BITRATES.containsKey(height)) {
                rate = USUAL_BITRATES.get(height);
            } else {
                throw new ConfigException(key + ": rung '" + spec.trim() + "' needs a bitrate, e.g. " + height
                        + "p@800k (in '" + value + "')");
            }
            String name = height + "p";
            if (rungs.stream().anyMatch(r -> r.name().equals(name))) {
                throw new ConfigException(key + " names rung " + name + " twice (in '" + value + "')");
            }
            try {
                rungs.add(new Rung(name, height, rate));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage() + " (in '" + value + "')");
            }
        }
        rungs.sort(Comparator.comparingInt(Rung::height).reversed());
        return List.copyOf(rungs);
    }
}
