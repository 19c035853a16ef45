package com.courtcast.edge;

import static com.courtcast.edge.EdgeTesting.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.NettyLeakCheck;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cached objects answer Range with slices (206/416) and If-None-Match with 304, like the origin does. */
@ExtendWith(NettyLeakCheck.class)
class RangeAndValidatorTest {

    private static final String SEGMENT = "/vod/c1/rec1/source/source-ab12-3.m4s";

    @Test
    void rangesAndRevalidationAreAnsweredFromTheCache() throws Exception {
        try (FakeOrigin origin = new FakeOrigin();
             EdgeServer edge = EdgeTesting.start(EdgeTesting.settings(origin.uri()), new ManualTicker(), Clock.systemUTC())) {
            origin.on(SEGMENT, exchange -> {
                exchange.getResponseHeaders().set("ETag", "\"source-ab12-3.m4s\"");
                FakeOrigin.send(exchange, 200, "video/mp4", "public, max-age=31536000, immutable",
                        "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII));
            });
            assertThat(EdgeTesting.getText(edge, SEGMENT).body()).isEqualTo("0123456789abcdefghij");

            HttpResponse<String> middle = send(edge, "Range", "bytes=5-9");
            assertThat(middle.statusCode()).isEqualTo(206);
            assertThat(middle.body()).isEqualTo("56789");
            assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 5-9/20");
            assertThat(send(edge, "Range", "bytes=-3").body()).isEqualTo("hij");
            assertThat(send(edge, "Range", "bytes=15-").body()).isEqualTo("fghij");
            HttpResponse<String> beyond = send(edge, "Range", "bytes=20-");
            assertThat(beyond.statusCode()).isEqualTo(416);
            assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */20");
            assertThat(send(edge, "Range", "bytes=0-1,4-5").statusCode()).as("multiple ranges: the whole").isEqualTo(200);

            HttpResponse<String> unchanged = send(edge, "If-None-Match", "\"source-ab12-3.m4s\"");
            assertThat(unchanged.statusCode()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();
            assertThat(send(edge, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
            assertThat(origin.count(SEGMENT)).isEqualTo(1);
        }
    }

    private static HttpResponse<String> send(EdgeServer edge, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(EdgeTesting.request(edge, SEGMENT).uri()).header(header, value).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
