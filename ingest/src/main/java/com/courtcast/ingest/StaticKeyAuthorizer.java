package com.courtcast.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Authorizes publishers from a fixed table of stream key to stream name (the {@code --stream
 * NAME:KEY} flag). Keys are compared in constant time against every entry, so response timing
 * does not reveal how much of a guess was right.
 */
public final class StaticKeyAuthorizer implements PublishAuthorizer {

    /** Public stream names appear in URLs: keep them to a safe alphabet. */
    public static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Keys shorter than this are guessable; refuse them rather than run insecurely. */
    public static final int MIN_KEY_LENGTH = 16;
    public static final int MAX_KEY_LENGTH = 256;

    private record Entry(byte[] key, String streamName) {}

    private final Entry[] entries;

    /** @param keysToNames stream key to public stream name */
    public StaticKeyAuthorizer(Map<String, String> keysToNames) {
        entries = keysToNames.entrySet().stream().map(e -> {
            validate(e.getValue(), e.getKey());
            return new Entry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
        }).toArray(Entry[]::new);
    }

    /** Parses {@code NAME:KEY} flag values into a key-to-name table, rejecting bad ones by name. */
    public static Map<String, String> parseStreamFlags(Iterable<String> flags) {
        Map<String, String> keysToNames = new LinkedHashMap<>();
        for (String flag : flags) {
            int colon = flag.indexOf(':');
            if (colon <= 0 || colon == flag.length() - 1) {
                throw new IllegalArgumentException("--stream must be NAME:KEY, was '" + redact(flag) + "'");
            }
            String name = flag.substring(0, colon);
            String key = flag.substring(colon + 1);
            validate(name, key);
            if (keysToNames.putIfAbsent(key, name) != null) {
                throw new IllegalArgumentException("--stream " + name + ": the same key is given to two streams");
            }
        }
        return keysToNames;
    }

    /** A new unguessable stream key: 128 random bits, URL-safe. */
    public static String newStreamKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void validate(String name, String key) {
        if (!STREAM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stream name '" + name
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (key.length() < MIN_KEY_LENGTH || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("stream key for " + name + " must be " + MIN_KEY_LENGTH + "-"
                    + MAX_KEY_LENGTH + " characters (was " + key.length() + "); generate one with `openssl rand -hex 16`");
        }
        if (key.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '/' || c == ':' || c > 126)) {
            throw new IllegalArgumentException("stream key for " + name
                    + " must be printable ASCII without spaces, '?', '/' or ':'");
        }
    }

    private static String redact(String flag) {
        int colon = flag.indexOf(':');
        return colon < 0 ? flag : flag.substring(0, colon) + ":<redacted>";
    }

    @Override
    public CompletionStage<PublishDecision> authorize(PublishRequest request) {
        byte[] offered = request.streamKey().getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.key(), offered) && match == null) {
                match = entry.streamName();
            }
        }
        return CompletableFuture.completedFuture(match != null
                ? new PublishDecision.Allow(match)
                : new PublishDecision.Deny("unknown stream key"));
    }
}
