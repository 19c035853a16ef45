package com.courtcast.common.playback;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks playback tokens: HMAC-SHA256 over {@code v1 \n stream \n expiry-seconds \n
 * subnet-or-empty} with a key the edges and origins share, the signature in unpadded base64url.
 *
 * <p>Checking costs one HMAC over a few dozen bytes (microseconds) and compares in constant
 * time; each thread keeps its own {@link Mac}, so checks never contend.
 */
public final class PlaybackSigner {

    /** Shorter keys make HMAC-SHA256 weaker than its output; refuse them. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final ThreadLocal<Mac> macs;

    public PlaybackSigner(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a playback signing key needs at least " + MIN_KEY_BYTES
                    + " bytes, was " + key.length);
        }
        SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
        macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 unavailable", e);
            }
        });
        macs.get();
    }

    /** A token for {@code stream} valid until {@code expiry}, from anywhere when {@code subnet} is null. */
    public PlaybackToken sign(String stream, Instant expiry, Subnet subnet) {
        Instant whole = Instant.ofEpochSecond(expiry.getEpochSecond());
        return new PlaybackToken(stream, whole, subnet, ENCODER.encodeToString(mac(stream, whole.getEpochSecond(), subnet)));
    }

    /**
     * Checks the token parameters of a request for {@code stream}.
     *
     * @param expiry the {@code cc_exp} parameter, null when absent
     * @param signature the {@code cc_sig} parameter, null when absent
     * @param network the {@code cc_net} parameter, null when absent
     * @param client the requesting address, checked against {@code cc_net} when present
     */
    public PlaybackVerdict verify(String stream, String expiry, String signature, String network,
                                  InetAddress client, Instant now) {
        if (expiry == null || signature == null) {
            return PlaybackVerdict.MISSING;
        }
        long expirySeconds;
        byte[] presented;
        Subnet subnet = null;
        try {
            expirySeconds = Long.parseLong(expiry);
            presented = DECODER.decode(signature);
            if (network != null) {
                subnet = Subnet.parse(network);
            }
        } catch (IllegalArgumentException e) {
            return PlaybackVerdict.MALFORMED;
        }
        // The signature first: an attacker learns nothing from which of the other checks failed.
        if (!MessageDigest.isEqual(mac(stream, expirySeconds, subnet), presented)) {
            return PlaybackVerdict.BAD_SIGNATURE;
        }
        if (now.getEpochSecond() >= expirySeconds) {
            return PlaybackVerdict.EXPIRED;
        }
        if (subnet != null && (client == null || !subnet.contains(client))) {
            return PlaybackVerdict.WRONG_NETWORK;
        }
        return PlaybackVerdict.ALLOWED;
    }

    private byte[] mac(String stream, long expirySeconds, Subnet subnet) {
        String message = "v1\n" + stream + "\n" + expirySeconds + "\n" + (subnet == null ? "" : subnet.toString());
        return macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
