package com.courtcast.common.hls;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Value checks and number/date formatting shared by the model and the writer.
 *
 * <p>Every duration is handled as a whole number of ticks of 10 µs (five decimals), the precision
 * the writer prints. The model checks spec rules on the values as they will be written, and time
 * sums (part pruning, the skip boundary) are exact integer sums of what a client reads.
 */
final class HlsText {

    /** Ticks per second: durations are written with at most five decimals. */
    static final long TICKS_PER_SECOND = 100_000;
    /** Largest accepted duration; keeps every tick sum far from overflow. */
    static final double MAX_SECONDS = 1e9;

    /** ISO 8601 needs a four-digit year. */
    private static final Instant MIN_DATE_TIME = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX_DATE_TIME = Instant.parse("9999-12-31T23:59:59.999Z");

    private HlsText() {
    }

    /** Seconds rounded to the written precision. */
    static long ticks(double seconds) {
        return Math.round(seconds * TICKS_PER_SECOND);
    }

    /** Checks a duration-like value: finite, {@code >= 0}, at most {@link #MAX_SECONDS}. */
    static double requireSeconds(double seconds, String what) {
        if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1e9 seconds, was " + seconds);
        }
        return seconds;
    }

    /**
     * Checks a value written inside a quoted-string: 4.2 forbids line feed, carriage return and
     * double quote there.
     */
    static String requireQuotable(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException(what + " must not contain '\"', CR or LF: " + value);
            }
        }
        return value;
    }

    /**
     * Checks a value written as a URI line (4.1): one line, and not starting with {@code #},
     * which would make it a tag or a comment.
     */
    static String requireUriLine(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
        if (value.charAt(0) == '#') {
            throw new IllegalArgumentException(what + " must not start with '#': " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException(what + " must not contain CR or LF: " + value);
            }
        }
        return value;
    }

    static Instant requireDateTime(Instant instant, String what) {
        if (instant != null && (instant.isBefore(MIN_DATE_TIME) || instant.isAfter(MAX_DATE_TIME))) {
            throw new IllegalArgumentException(what + " must lie in the years 0000-9999, was " + instant);
        }
        return instant;
    }

    /**
     * Appends a decimal-floating-point with at most five decimals and no trailing zeros, and
     * without a dot for whole values ({@code 2}, {@code 0.2}, {@code 4.00008}).
     */
    static void appendDecimal(StringBuilder out, long ticks) {
        out.append(ticks / TICKS_PER_SECOND);
        long fraction = ticks % TICKS_PER_SECOND;
        if (fraction != 0) {
            int digits = 5;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            appendPadded(out, fraction, digits);
        }
    }

    static void appendSeconds(StringBuilder out, double seconds) {
        appendDecimal(out, ticks(seconds));
    }

    /** Appends with exactly three decimals, as 4.4.6.2 asks of FRAME-RATE ({@code 29.970}). */
    static void appendThreeDecimals(StringBuilder out, double value) {
        long thousandths = Math.round(value * 1000);
        out.append(thousandths / 1000).append('.');
        appendPadded(out, thousandths % 1000, 3);
    }

    /**
     * Appends an ISO 8601 UTC date-time with milliseconds ({@code 2026-11-27T02:19:58.123Z}), the
     * form 4.4.4.6 recommends for EXT-X-PROGRAM-DATE-TIME. Sub-millisecond digits are dropped.
     */
    static void appendDateTime(StringBuilder out, Instant instant) {
        long epochMilli = instant.toEpochMilli();
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMilli, 1000), 0, ZoneOffset.UTC);
        appendPadded(out, t.getYear(), 4);
        out.append('-');
        appendPadded(out, t.getMonthValue(), 2);
        out.append('-');
        appendPadded(out, t.getDayOfMonth(), 2);
        out.append('T');
        appendPadded(out, t.getHour(), 2);
        out.append(':');
        appendPadded(out, t.getMinute(), 2);
        out.append(':');
        appendPadded(out, t.getSecond(), 2);
        out.append('.');
        appendPadded(out, Math.floorMod(epochMilli, 1000), 3);
        out.append('Z');
    }

    private static void appendPadded(StringBuilder out, long value, int width) {
        for (long limit = 10, i = 1; i < width; i++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        out.append(value);
    }
}
