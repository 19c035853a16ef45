package com.courtcast.loadtest.edge;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run printed (with {@code --latency}): throughput, latency percentiles and errors.
 *
 * @param requestsPerSecond wrk's "Requests/sec"
 * @param bytesPerSecond wrk's "Transfer/sec", in bytes
 * @param p50Millis latency distribution 50 %
 * @param p99Millis latency distribution 99 %
 * @param requests completed requests
 * @param socketErrors connect + read + write + timeout errors
 * @param non2xx responses that were neither 2xx nor 3xx
 */
public record WrkResult(double requestsPerSecond, double bytesPerSecond, double p50Millis, double p99Millis,
                        long requests, long socketErrors, long non2xx) {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMGT]?B)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Map<String, Double> BYTE_UNITS = Map.of("B", 1.0, "KB", 1024.0, "MB", 1024.0 * 1024,
            "GB", 1024.0 * 1024 * 1024, "TB", 1024.0 * 1024 * 1024 * 1024);

    /** Reads wrk's report; fails naming what is missing when wrk did not print a full one. */
    public static WrkResult parse(String output) {
        double rps = Double.parseDouble(required(REQUESTS_PER_SECOND, output, "Requests/sec").group(1));
        Matcher transfer = required(TRANSFER, output, "Transfer/sec");
        double bytes = Double.parseDouble(transfer.group(1)) * BYTE_UNITS.get(transfer.group(2));
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double millis = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        if (Double.isNaN(p50) || Double.isNaN(p99)) {
            throw new IllegalArgumentException("wrk printed no latency distribution (run it with --latency):\n" + output);
        }
        long requests = Long.parseLong(required(REQUESTS, output, "requests in").group(1));
        long socketErrors = 0;
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(errors.group(group));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        return new WrkResult(rps, bytes, p50, p99, requests, socketErrors,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    private static Matcher required(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException("wrk printed no '" + what + "':\n" + output);
        }
        return matcher;
    }

    private static double millis(double value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> throw new IllegalArgumentException("unknown wrk time unit " + unit);
        };
    }

    /** True when every request was answered with 2xx/3xx and no socket failed. */
    public boolean clean() {
        return socketErrors == 0 && non2xx == 0;
    }
}
