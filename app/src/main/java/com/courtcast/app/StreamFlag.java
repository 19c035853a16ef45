package com.courtcast.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code --stream} flag: {@code NAME:KEY}, optionally followed by per-stream options, for now
 * only the ladder: {@code NAME:KEY:ladder=360p,240p} or {@code NAME:KEY:ladder=off}. Stream keys
 * cannot contain ':', so the plain form reads as it always did.
 *
 * @param ladder the ladder text, or null to use the configured one
 */
record StreamFlag(String name, String key, String ladder) {

    private static final String LADDER = "ladder=";

    static StreamFlag parse(String flag) {
        String[] fields = flag.split(":", 3);
        if (fields.length < 2 || fields[0].isEmpty() || fields[1].isEmpty()) {
            throw new IllegalArgumentException("--stream must be NAME:KEY or NAME:KEY:ladder=RUNGS, was '"
                    + redact(fields) + "'");
        }
        String ladder = null;
        if (fields.length == 3) {
            if (!fields[2].startsWith(LADDER)) {
                throw new IllegalArgumentException("--stream " + fields[0] + ": unknown option '" + fields[2]
                        + "' (known: ladder=RUNGS such as ladder=360p,240p or ladder=off)");
            }
            ladder = fields[2].substring(LADDER.length());
        }
        return new StreamFlag(fields[0], fields[1], ladder);
    }

    static List<StreamFlag> parseAll(List<String> flags) {
        List<StreamFlag> parsed = new ArrayList<>(flags.size());
        flags.forEach(flag -> parsed.add(parse(flag)));
        return parsed;
    }

    /** {@code NAME:KEY}, what the publish authorizer reads. */
    String authorization() {
        return name + ":" + key;
    }

    /** Stream name to ladder text, for the streams whose flag names a ladder. */
    static Map<String, String> ladders(List<StreamFlag> flags) {
        Map<String, String> ladders = new LinkedHashMap<>();
        for (StreamFlag flag : flags) {
            if (flag.ladder() != null) {
                ladders.put(flag.name(), flag.ladder());
            }
        }
        return ladders;
    }

    private static String redact(String[] fields) {
        return fields.length < 2 ? fields[0] : fields[0] + ":<redacted>";
    }
}
