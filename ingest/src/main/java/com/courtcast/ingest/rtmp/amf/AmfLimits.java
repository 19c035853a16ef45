package com.courtcast.ingest.rtmp.amf;

/**
 * Bounds on what one decode call may build from untrusted bytes.
 *
 * @param maxDepth how many objects, ECMA arrays and strict arrays may nest inside each other,
 *     counting a referenced value as if it were written out in place
 * @param maxElements how many values one decode call may produce in total, counting every value
 *     inside containers and charging a reference the full size of what it repeats
 * @param maxStringBytes the longest string, long string, XML document or object key, in UTF-8
 *     bytes
 */
public record AmfLimits(int maxDepth, int maxElements, int maxStringBytes) {

    /** Default nesting depth; real RTMP commands nest two or three levels. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    /** Default number of values per decode call; a rich {@code onMetaData} has a few dozen. */
    public static final int DEFAULT_MAX_ELEMENTS = 10_000;

    /** Default longest string: 1 MiB. */
    public static final int DEFAULT_MAX_STRING_BYTES = 1 << 20;

    /** The defaults above. */
    public static final AmfLimits DEFAULTS =
            new AmfLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_STRING_BYTES);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException naming the first limit that is not positive
     */
    public AmfLimits {
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxElements", maxElements);
        requirePositive("maxStringBytes", maxStringBytes);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("amf." + name + " must be > 0, was " + value);
        }
    }
}
