package com.courtcast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HitHeadersTest {

    @Test
    void hitsInTheSameSecondShareOneHeadersObjectAndTheOriginsStayUntouched() {
        HttpHeaders origin = new DefaultHttpHeaders().add("Content-Type", "video/mp4").add("Content-Length", 5000)
                .add("Cache-Control", "public, max-age=31536000, immutable");
        HitHeaders hits = new HitHeaders(origin);

        HttpHeaders first = hits.at(3);
        assertThat(hits.at(3)).isSameAs(first);
        assertThat(first.get("Age")).isEqualTo("3");
        assertThat(first.get("X-Cache")).isEqualTo("HIT");
        assertThat(first.get("Content-Length")).isEqualTo("5000");
        assertThat(first.get("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");

        HttpHeaders later = hits.at(4);
        assertThat(later).isNotSameAs(first);
        assertThat(later.get("Age")).isEqualTo("4");
        assertThat(first.get("Age")).as("handed-out headers never change").isEqualTo("3");
        assertThat(origin.contains("Age")).isFalse();
        assertThat(origin.contains("X-Cache")).isFalse();
    }
}
