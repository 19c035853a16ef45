package com.courtcast.origin.recording;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The names that become path elements under the recording root. Every one is checked against a
 * strict pattern, so none can be empty, contain a separator, be {@code .} or {@code ..}, or start
 * with a dot (dot names are ours: the journal and temporary files).
 */
final class Names {

    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern RECORDING_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");

    private Names() {
    }

    static boolean isStream(String name) {
        return name != null && STREAM.matcher(name).matches();
    }

    /** Renditions follow the stream name rules ({@code 720p}, {@code audio_en}). */
    static boolean isRendition(String name) {
        return isStream(name);
    }

    static boolean isFileName(String name) {
        return name != null && FILE.matcher(name).matches();
    }

    static boolean isRecordingId(String id) {
        return id != null && RECORDING_ID.matcher(id).matches();
    }

    static String requireStream(String what, String name) {
        if (!isStream(name)) {
            throw new IllegalArgumentException(what + " must match [A-Za-z0-9_-]{1,64}, was " + quote(name));
        }
        return name;
    }

    static String requireFileName(String what, String name) {
        if (!isFileName(name)) {
            throw new IllegalArgumentException(
                    what + " must match [A-Za-z0-9_-][A-Za-z0-9._-]{0,127}, was " + quote(name));
        }
        return name;
    }

    /**
     * {@code dir/name} for a name already checked; the second check guards against a pattern
     * mistake ever letting a name leave its directory.
     */
    static Path child(Path dir, String name) {
        Path child = dir.resolve(name).normalize();
        if (!dir.equals(child.getParent())) {
            throw new IllegalArgumentException(quote(name) + " is not a plain name inside " + dir);
        }
        return child;
    }

    /** A hostile name made safe for a log line or message: quoted, control characters escaped, cut short. */
    static String quote(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(name.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (name.length() > limit) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
