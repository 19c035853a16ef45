package com.courtcast.loadtest.latency;

import java.util.Collection;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Percentiles of a set of measurements, by the nearest-rank method: the p-th percentile is the
 * smallest value that at least p % of the values do not exceed, so it is always a measured value.
 * NaN everywhere when there are no values.
 *
 * @param count how many values
 */
public record Distribution(int count, double min, double p50, double p95, double p99, double max, double mean) {

    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    /** The distribution of {@code values}; NaN values are left out. */
    public static Distribution of(Collection<? extends Number> values) {
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (sorted.length == 0) {
            return EMPTY;
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Distribution(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1], sum / sorted.length);
    }

    /** The nearest-rank {@code p}-th percentile (0 < p <= 100) of values sorted ascending. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    /** Every value divided by {@code divisor}, e.g. milliseconds to seconds. */
    public Distribution scaled(double divisor) {
        return new Distribution(count, min / divisor, p50 / divisor, p95 / divisor, p99 / divisor, max / divisor,
                mean / divisor);
    }

    /** For the JSON report, rounded to {@code digits} decimals. */
    public Map<String, Object> json(int digits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("min", round(min, digits));
        out.put("p50", round(p50, digits));
        out.put("p95", round(p95, digits));
        out.put("p99", round(p99, digits));
        out.put("max", round(max, digits));
        out.put("mean", round(mean, digits));
        return out;
    }

    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
