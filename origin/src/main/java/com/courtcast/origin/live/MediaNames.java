package com.courtcast.origin.live;

/**
 * Names of everything a live stream serves, relative to {@code /live/<stream>/}. Media names
 * carry the rendition and the publish's random prefix, so a name is never reused for other bytes.
 */
public final class MediaNames {

    public static final String MULTIVARIANT = "index.m3u8";
    public static final String INIT_SUFFIX = "-init.mp4";
    private static final String PART_MARK = "-part";

    private MediaNames() {
    }

    public static String playlist(String rendition) {
        return rendition + ".m3u8";
    }

    public static String init(String rendition, String prefix) {
        return rendition + "-" + prefix + INIT_SUFFIX;
    }

    public static String segment(String rendition, String prefix, long msn) {
        return rendition + "-" + prefix + "-" + msn + ".m4s";
    }

    /**
     * A part is named by its place in the rendition's sequence of parts, not by its segment: the
     * playlist hints at the next part before anyone knows whether a keyframe will end the segment
     * first, and a name that does not depend on that is always produced as hinted.
     */
    public static String part(String rendition, String prefix, long sequence) {
        return rendition + "-" + prefix + PART_MARK + sequence + ".m4s";
    }

    /** True for a part's name ({@code ...-part<sequence>.m4s}), false for a whole segment's. */
    public static boolean isPart(String name) {
        int mark = name.lastIndexOf(PART_MARK);
        if (mark < 0 || !name.endsWith(".m4s") || mark + PART_MARK.length() >= name.length() - ".m4s".length()) {
            return false;
        }
        for (int i = mark + PART_MARK.length(); i < name.length() - ".m4s".length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The rendition a playlist name such as {@code source.m3u8} asks for, or null. */
    public static String renditionOfPlaylist(String name) {
        if (!name.endsWith(".m3u8") || name.equals(MULTIVARIANT)) {
            return null;
        }
        String rendition = name.substring(0, name.length() - ".m3u8".length());
        return isValidRendition(rendition) ? rendition : null;
    }

    /** Rendition names are short identifiers ({@code source}, {@code 720p}). */
    public static boolean isValidRendition(String rendition) {
        if (rendition.isEmpty() || rendition.length() > 32) {
            return false;
        }
        for (int i = 0; i < rendition.length(); i++) {
            char c = rendition.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
