package com.courtcast.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Configuration values by dotted key ({@code ingest.maxConnections}), looked up in order:
 * explicit overrides (command-line flags), then the environment ({@code COURTCAST_INGEST_MAX_CONNECTIONS}),
 * then the configuration file (Java properties), then the component's default.
 *
 * <p>Typed getters validate as they read and fail with the key and the bad value, so a wrong
 * setting stops start-up with one clear message instead of surfacing later.
 */
public final class Settings {

    private final Map<String, String> overrides;
    private final Map<String, String> environment;
    private final Map<String, String> file;

    private Settings(Map<String, String> overrides, Map<String, String> environment, Map<String, String> file) {
        this.overrides = overrides;
        this.environment = environment;
        this.file = file;
    }

    /** No file, no environment: every value is its default unless overridden. */
    public static Settings empty() {
        return new Settings(new HashMap<>(), Map.of(), Map.of());
    }

    /** Loads {@code configFile} (may be null) with the process environment. */
    public static Settings load(Path configFile, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        if (configFile != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + configFile + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
        }
        return new Settings(new HashMap<>(), Map.copyOf(environment), values);
    }

    /** Sets a value that wins over environment and file (used for command-line flags). */
    public Settings override(String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
        return this;
    }

    /** The environment variable that overrides {@code key}: {@code ingest.maxConnections -> COURTCAST_INGEST_MAX_CONNECTIONS}. */
    public static String environmentName(String key) {
        String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_');
        return "COURTCAST_" + snake.toUpperCase(Locale.ROOT);
    }

    public String string(String key, String defaultValue) {
        String value = overrides.get(key);
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        if (value == null) {
            value = file.get(key);
        }
        return value == null ? defaultValue : value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        long value = parse(key, (long) defaultValue, Long::parseLong, "an integer");
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        long value = parse(key, (long) defaultValue, Long::parseLong, "an integer");
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** A duration written as ISO-8601 ({@code PT10S}) or with a unit suffix: {@code 500ms}, {@code 10s}, {@code 2m}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Duration value = parse(key, defaultValue, Settings::parseDuration, "a duration such as 500ms, 0.2s, 10s or 2m");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public <E extends Enum<E>> E enumValue(String key, E defaultValue) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        String normalized = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : defaultValue.getDeclaringClass().getEnumConstants()) {
            if (constant.name().equals(normalized)) {
                return constant;
            }
        }
        throw new ConfigException(key + " must be one of " + java.util.Arrays.toString(
                defaultValue.getDeclaringClass().getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-')
                + ", was '" + raw + "'");
    }

    private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key + " must be " + expected + ", was '" + raw + "'");
        }
    }

    static Duration parseDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text);
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        String number = text.substring(0, text.length() - 1);
        if (number.contains(".") && text.endsWith("s")) {
            return Duration.ofNanos(new java.math.BigDecimal(number).movePointRight(9).longValueExact());
        }
        long amount = Long.parseLong(number);
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("unknown unit");
        };
    }
}
