package com.courtcast.common.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.config.ConfigException;
import com.courtcast.common.config.Settings;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PlaybackSignerTest {

    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final PlaybackSigner signer = new PlaybackSigner(KEY);

    @Test
    void aTokenIsValidForItsStreamUntilItExpires() throws Exception {
        PlaybackToken token = signer.sign("court1", NOW.plusSeconds(3600), null);
        InetAddress client = InetAddress.getByName("198.51.100.7");
        assertThat(verify("court1", token, client, NOW)).isEqualTo(PlaybackVerdict.ALLOWED);
        assertThat(verify("court1", token, client, NOW.plusSeconds(3600))).isEqualTo(PlaybackVerdict.EXPIRED);
        assertThat(verify("court2", token, client, NOW)).isEqualTo(PlaybackVerdict.BAD_SIGNATURE);
        assertThat(token.query()).startsWith("cc_exp=" + NOW.plusSeconds(3600).getEpochSecond() + "&cc_sig=");
    }

    @Test
    void changedExpiryOrSignatureOrKeyIsRefused() throws Exception {
        PlaybackToken token = signer.sign("court1", NOW.plusSeconds(60), null);
        InetAddress client = InetAddress.getByName("198.51.100.7");
        String later = Long.toString(NOW.plusSeconds(86400).getEpochSecond());
        assertThat(signer.verify("court1", later, token.signature(), null, client, NOW)).isEqualTo(PlaybackVerdict.BAD_SIGNATURE);
        String flipped = (token.signature().charAt(0) == 'A' ? "B" : "A") + token.signature().substring(1);
        assertThat(signer.verify("court1", exp(token), flipped, null, client, NOW)).isEqualTo(PlaybackVerdict.BAD_SIGNATURE);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThat(new PlaybackSigner(otherKey).verify("court1", exp(token), token.signature(), null, client, NOW))
                .isEqualTo(PlaybackVerdict.BAD_SIGNATURE);
        assertThat(signer.verify("court1", null, null, null, client, NOW)).isEqualTo(PlaybackVerdict.MISSING);
        assertThat(signer.verify("court1", "soon", token.signature(), null, client, NOW)).isEqualTo(PlaybackVerdict.MALFORMED);
        assertThat(signer.verify("court1", exp(token), "***", null, client, NOW)).isEqualTo(PlaybackVerdict.MALFORMED);
    }

    @Test
    void aSubnetTokenOnlyWorksInsideItsNetworkAndCannotBeWidened() throws Exception {
        PlaybackToken token = signer.sign("court1", NOW.plusSeconds(60), Subnet.parse("203.0.113.77/24"));
        assertThat(token.subnet().toString()).isEqualTo("203.0.113.0/24");
        assertThat(verify("court1", token, InetAddress.getByName("203.0.113.200"), NOW)).isEqualTo(PlaybackVerdict.ALLOWED);
        assertThat(verify("court1", token, InetAddress.getByName("203.0.114.1"), NOW)).isEqualTo(PlaybackVerdict.WRONG_NETWORK);
        assertThat(signer.verify("court1", exp(token), token.signature(), "0.0.0.0/0",
                InetAddress.getByName("203.0.114.1"), NOW)).isEqualTo(PlaybackVerdict.BAD_SIGNATURE);
        assertThat(signer.verify("court1", exp(token), token.signature(), null,
                InetAddress.getByName("203.0.114.1"), NOW)).isEqualTo(PlaybackVerdict.BAD_SIGNATURE);
    }

    @Test
    void ipv6SubnetsMatchByPrefix() throws Exception {
        Subnet subnet = Subnet.parse("2001:db8:1::/48");
        assertThat(subnet.contains(InetAddress.getByName("2001:db8:1:ffff::1"))).isTrue();
        assertThat(subnet.contains(InetAddress.getByName("2001:db8:2::1"))).isFalse();
        assertThat(subnet.contains(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThatThrownBy(() -> Subnet.parse("example.com/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/33")).hasMessageContaining("was 33");
    }

    @Test
    void configNeedsALongEnoughKeyOnceAStreamIsRestricted() {
        assertThatThrownBy(() -> PlaybackConfig.from(Settings.empty().override("playback.restricted", "court1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("playback.signingKey must be set");
        assertThatThrownBy(() -> PlaybackConfig.from(Settings.empty().override("playback.signingKey", "abcd")))
                .isInstanceOf(ConfigException.class).hasMessage("playback.signingKey must be at least 32 bytes, was 2 bytes");
        PlaybackConfig config = PlaybackConfig.from(Settings.empty()
                .override("playback.restricted", " court1, court3 ")
                .override("playback.signingKey", HexFormat.of().formatHex(KEY)));
        assertThat(config.isRestricted("court1")).isTrue();
        assertThat(config.isRestricted("court2")).isFalse();
        PlaybackToken token = config.signer().sign("court3", NOW.plusSeconds(5), null);
        assertThat(verify("court3", token, null, NOW)).isEqualTo(PlaybackVerdict.ALLOWED);
        assertThat(PlaybackConfig.from(Settings.empty()).restricted()).isEmpty();
    }

    private PlaybackVerdict verify(String stream, PlaybackToken token, InetAddress client, Instant now) {
        return signer.verify(stream, exp(token), token.signature(),
                token.subnet() == null ? null : token.subnet().toString(), client, now);
    }

    private static String exp(PlaybackToken token) {
        return Long.toString(token.expiry().getEpochSecond());
    }
}
