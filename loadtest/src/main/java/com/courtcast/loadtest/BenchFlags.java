package com.courtcast.loadtest;

/** How every benchmark reads a numeric flag, so all refuse bad values in the same words. */
public final class BenchFlags {

    private BenchFlags() {
    }

    /** {@code value} as a whole number in {@code min..max}; the error names the flag and the value. */
    public static int wholeNumber(String flag, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ", was " + n);
        }
        return n;
    }
}
