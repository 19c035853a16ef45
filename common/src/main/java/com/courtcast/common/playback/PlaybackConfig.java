package com.courtcast.common.playback;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which streams need a signed playback URL and the key that signs them, shared by the edges and
 * the origin: {@code playback.restricted} (comma-separated stream names) and
 * {@code playback.signingKey} (hex or base64, at least 32 bytes; required once a stream is restricted).
 *
 * @param restricted the restricted stream names; every other stream is public
 * @param signer null when no key is configured
 */
public record PlaybackConfig(Set<String> restricted, PlaybackSigner signer) {

    public static final String RESTRICTED_KEY = "playback.restricted";
    public static final String SIGNING_KEY = "playback.signingKey";

    public PlaybackConfig {
        restricted = Set.copyOf(restricted);
        if (!restricted.isEmpty() && signer == null) {
            throw new ConfigException(SIGNING_KEY + " must be set when " + RESTRICTED_KEY + " names streams, was unset");
        }
    }

    public static PlaybackConfig from(Settings settings) {
        Set<String> restricted = Arrays.stream(settings.string(RESTRICTED_KEY, "").split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).collect(Collectors.toSet());
        String key = settings.string(SIGNING_KEY, null);
        return new PlaybackConfig(restricted, key == null || key.isBlank() ? null : new PlaybackSigner(parseKey(key)));
    }

    /** Every stream is public. */
    public static PlaybackConfig open() {
        return new PlaybackConfig(Set.of(), null);
    }

    public boolean isRestricted(String stream) {
        return restricted.contains(stream);
    }

    /** The key never appears in the message, only its length or why it did not parse. */
    static byte[] parseKey(String text) {
        String trimmed = text.trim();
        byte[] key;
        try {
            key = trimmed.matches("([0-9A-Fa-f]{2})+") ? HexFormat.of().parseHex(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SIGNING_KEY + " must be hex or base64, was not decodable");
        }
        if (key.length < PlaybackSigner.MIN_KEY_BYTES) {
            throw new ConfigException(SIGNING_KEY + " must be at least " + PlaybackSigner.MIN_KEY_BYTES
                    + " bytes, was " + key.length + " bytes");
        }
        return key;
    }
}
