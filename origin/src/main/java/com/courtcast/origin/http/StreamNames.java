package com.courtcast.origin.http;

/** Public stream names as they appear in URLs: {@code [A-Za-z0-9_-]{1,64}}. */
final class StreamNames {

    private StreamNames() {
    }

    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
