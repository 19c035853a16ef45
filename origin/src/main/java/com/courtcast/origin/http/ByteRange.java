package com.courtcast.origin.http;

/**
 * A single satisfiable byte range of a representation of known length (RFC 9110 14.1.2).
 * Multiple ranges are not offered: such requests get the whole representation, which the RFC
 * allows.
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** Outcome of reading a Range header. */
    sealed interface Parsed {
        /** No usable Range: send everything with 200. */
        record Whole() implements Parsed {}
        record Partial(ByteRange range) implements Parsed {}
        /** 416: no byte of the representation is in the range. */
        record Unsatisfiable() implements Parsed {}
    }

    static Parsed parse(String header, long length) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0 || header.length() > 64) {
            return new Parsed.Whole();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Parsed.Whole();
        }
        try {
            String start = spec.substring(0, dash).trim();
            String end = spec.substring(dash + 1).trim();
            if (start.isEmpty()) {
                long suffix = Long.parseLong(end);
                if (suffix <= 0 || length == 0) {
                    return new Parsed.Unsatisfiable();
                }
                return new Parsed.Partial(new ByteRange(Math.max(0, length - suffix), length - 1));
            }
            long first = Long.parseLong(start);
            long last = end.isEmpty() ? length - 1 : Math.min(Long.parseLong(end), length - 1);
            if (first < 0 || (!end.isEmpty() && Long.parseLong(end) < first)) {
                return new Parsed.Whole(); // syntactically invalid: ignore the header (RFC 9110 14.2)
            }
            if (first >= length) {
                return new Parsed.Unsatisfiable();
            }
            return new Parsed.Partial(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return new Parsed.Whole();
        }
    }
}
