package com.courtcast.transcoder.ladder;

import com.courtcast.common.config.Settings;
import java.util.List;
import java.util.Map;

/**
 * Which rungs each stream gets: a stream's own ladder if it has one (the {@code --stream
 * NAME:KEY:ladder=...} flag, then the {@code transcoder.ladder.NAME} setting), else the default
 * {@code transcoder.ladder}. An empty list means the ladder is off for that stream: only its
 * source rendition is produced.
 */
public final class LadderProfiles {

    private final List<Rung> defaultLadder;
    private final Map<String, List<Rung>> perStream;

    public LadderProfiles(List<Rung> defaultLadder, Map<String, List<Rung>> perStream) {
        this.defaultLadder = List.copyOf(defaultLadder);
        this.perStream = Map.copyOf(perStream);
    }

    /**
     * Reads the default ladder and, for each stream named on the command line, its flag's ladder
     * or its {@code transcoder.ladder.NAME} setting; all are validated here, at start-up.
     *
     * @param flagLadders stream name to the ladder text its {@code --stream} flag gave, if any
     * @param streamNames every stream the node knows by name
     */
    public static LadderProfiles from(Settings settings, Map<String, String> flagLadders, Iterable<String> streamNames) {
        List<Rung> defaults = Rung.parseLadder("transcoder.ladder",
                settings.string("transcoder.ladder", LadderConfig.DEFAULT_LADDER));
        Map<String, List<Rung>> perStream = new java.util.HashMap<>();
        for (String stream : streamNames) {
            String key = "transcoder.ladder." + stream;
            String configured = settings.string(key, null);
            if (configured != null) {
                perStream.put(stream, Rung.parseLadder(key, configured));
            }
        }
        flagLadders.forEach((stream, ladder) ->
                perStream.put(stream, Rung.parseLadder("--stream " + stream + ":...:ladder", ladder)));
        return new LadderProfiles(defaults, perStream);
    }

    /** The rungs for a stream, highest first; empty when its ladder is off. */
    public List<Rung> rungsFor(String stream) {
        return perStream.getOrDefault(stream, defaultLadder);
    }
}
