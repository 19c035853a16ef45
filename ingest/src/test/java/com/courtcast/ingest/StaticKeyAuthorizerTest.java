package com.courtcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticKeyAuthorizerTest {

    private static final String KEY = "k3y-0123456789abcdef";

    private static PublishDecision decide(StaticKeyAuthorizer authorizer, String key) {
        return authorizer.authorize(new PublishRequest("live", key, "", "127.0.0.1:5000")).toCompletableFuture().join();
    }

    @Test
    void aKnownKeyPublishesUnderItsPublicName() {
        StaticKeyAuthorizer authorizer = new StaticKeyAuthorizer(StaticKeyAuthorizer.parseStreamFlags(
                List.of("court1:" + KEY, "court2:other-0123456789abcdef")));
        assertThat(decide(authorizer, KEY)).isEqualTo(new PublishDecision.Allow("court1"));
        assertThat(decide(authorizer, "other-0123456789abcdef")).isEqualTo(new PublishDecision.Allow("court2"));
        assertThat(decide(authorizer, KEY + "x")).isInstanceOf(PublishDecision.Deny.class);
        assertThat(decide(authorizer, "")).isInstanceOf(PublishDecision.Deny.class);
    }

    @Test
    void weakOrMalformedFlagsAreRefusedWithoutEchoingTheKey() {
        assertThatThrownBy(() -> StaticKeyAuthorizer.parseStreamFlags(List.of("court1:short")))
                .hasMessageContaining("must be 16-256 characters").hasMessageNotContaining("short");
        assertThatThrownBy(() -> StaticKeyAuthorizer.parseStreamFlags(List.of("court1")))
                .hasMessageContaining("NAME:KEY");
        assertThatThrownBy(() -> StaticKeyAuthorizer.parseStreamFlags(List.of("../etc:" + KEY)))
                .hasMessageContaining("stream name '../etc'").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> StaticKeyAuthorizer.parseStreamFlags(List.of("a:" + KEY, "b:" + KEY)))
                .hasMessageContaining("same key").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> StaticKeyAuthorizer.parseStreamFlags(List.of("a:has space 0123456789")))
                .hasMessageContaining("printable ASCII");
    }

    @Test
    void generatedKeysAreLongAndDistinct() {
        String first = StaticKeyAuthorizer.newStreamKey();
        assertThat(first).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(StaticKeyAuthorizer.newStreamKey()).isNotEqualTo(first);
        assertThat(new StaticKeyAuthorizer(Map.of(first, "x"))).isNotNull();
    }

    @Test
    void requestsNeverPrintTheKey() {
        assertThat(new PublishRequest("live", KEY, "", "1.2.3.4:5").toString()).doesNotContain(KEY);
    }
}
