package com.courtcast.edge;

/**
 * A single byte range of a {@code Range: bytes=...} header (RFC 9110 14.1.2), applied to a cached
 * object of known length. Multiple ranges, and anything not understood, mean the whole object
 * (a server may always ignore Range).
 *
 * @param first offset of the first byte
 * @param length number of bytes; -1 when the range cannot be satisfied
 */
record RangeRequest(long first, long length) {

    static final RangeRequest UNSATISFIABLE = new RangeRequest(0, -1);

    /** The range of {@code header} within {@code size} bytes, or null to send the whole object. */
    static RangeRequest parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                if (to.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(to);
                if (suffix <= 0) {
                    return UNSATISFIABLE;
                }
                long n = Math.min(suffix, size);
                return size == 0 ? UNSATISFIABLE : new RangeRequest(size - n, n);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            if (first >= size || last < first) {
                return first >= size ? UNSATISFIABLE : null;
            }
            return new RangeRequest(first, last - first + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean satisfiable() {
        return length >= 0;
    }
}
