package com.courtcast.ingest.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.courtcast.common.media.TrackType;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import com.courtcast.ingest.rtmp.amf.EcmaArray;
import com.courtcast.ingest.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What each outbound message becomes: chunk stream, type id, stream id and body bytes. */
@ExtendWith(NettyLeakCheck.class)
class MessageEncoderTest {

    /** An encoded message, with its body as hex. */
    record Encoded(int chunkStreamId, int typeId, long timestamp, int messageStreamId, String body) {}

    private final EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    // ---- protocol control on chunk stream 2, message stream 0 ---------------------------------

    @Test
    void setChunkSize() {
        assertThat(encode(new RtmpMessage.SetChunkSize(60_000))).isEqualTo(new Encoded(2, 1, 0, 0, "0000ea60"));
    }

    @Test
    void acknowledgementKeepsAll32Bits() {
        assertThat(encode(new RtmpMessage.Acknowledgement(0xFFFFFFFFL)))
                .isEqualTo(new Encoded(2, 3, 0, 0, "ffffffff"));
    }

    @Test
    void windowAcknowledgementSize() {
        assertThat(encode(new RtmpMessage.WindowAckSize(2_500_000))).isEqualTo(new Encoded(2, 5, 0, 0, "002625a0"));
    }

    @Test
    void setPeerBandwidth() {
        assertThat(encode(new RtmpMessage.SetPeerBandwidth(2_500_000, 2)))
                .isEqualTo(new Encoded(2, 6, 0, 0, "002625a0" + "02"));
    }

    @Test
    void userControlEvents() {
        assertThat(encode(new RtmpMessage.UserControl(RtmpMessage.UserControl.STREAM_BEGIN, 1, 0)))
                .isEqualTo(new Encoded(2, 4, 0, 0, "0000" + "00000001"));
        assertThat(encode(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_RESPONSE, 0xFFFFFFFEL, 0)))
                .isEqualTo(new Encoded(2, 4, 0, 0, "0007" + "fffffffe"));
        assertThat(encode(new RtmpMessage.UserControl(RtmpMessage.UserControl.SET_BUFFER_LENGTH, 1, 3000)))
                .isEqualTo(new Encoded(2, 4, 0, 0, "0003" + "00000001" + "00000bb8"));
    }

    // ---- commands and data on chunk stream 3 --------------------------------------------------

    @Test
    void createStreamResult() {
        assertThat(encode(new RtmpMessage.Command(0, "_result", 4, null, List.of(1.0))))
                .isEqualTo(new Encoded(3, 20, 0, 0,
                hex("02 0007 5f726573756c74"          // "_result"
                        + "00 4010000000000000"       // transaction 4.0
                        + "05"                        // null command object
                        + "00 3ff0000000000000")));   // stream id 1.0
    }

    @Test
    void onStatusOnTheMessageStream() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", "status");
        info.put("code", "NetStream.Publish.Start");
        info.put("description", "x");

        assertThat(encode(new RtmpMessage.Command(1, "onStatus", 0, null, List.of(info))))
                .isEqualTo(new Encoded(3, 20, 0, 1,
                hex("02 0008 6f6e537461747573"                                    // "onStatus"
                        + "00 0000000000000000"                                   // transaction 0
                        + "05"                                                    // null
                        + "03"                                                    // {
                        + "0005 6c6576656c 02 0006 737461747573"                  // level: "status"
                        + "0004 636f6465 02 0017 4e657453747265616d2e5075626c6973682e5374617274"
                        + "000b 6465736372697074696f6e 02 0001 78"                // description: "x"
                        + "0000 09")));                                           // }
    }

    @Test
    void nullArgumentsAreWrittenAsAmfNull() {
        assertThat(encode(new RtmpMessage.Command(0, "f", 2, null, Arrays.asList(null, 1.0, null))).body())
                .isEqualTo(hex("02 0001 66  00 4000000000000000  05  05  00 3ff0000000000000  05"));
    }

    @Test
    void setDataFrame() {
        assertThat(encode(new RtmpMessage.Data(1, 40,
                List.of("@setDataFrame", "onMetaData", new EcmaArray(Map.of("width", 320.0))))))
                .isEqualTo(new Encoded(3, 18, 40, 1, hex(
                        "02 000d 40736574446174614672616d65"                      // "@setDataFrame"
                        + "02 000a 6f6e4d65746144617461"                          // "onMetaData"
                        + "08 00000001 0005 7769647468 00 4074000000000000 0000 09")));   // [width: 320]
    }

    // ---- media --------------------------------------------------------------------------------

    @Test
    void mediaGoesOnItsOwnChunkStreamWithoutACopy() {
        ByteBuf audio = Unpooled.wrappedBuffer(HexFormat.of().parseHex("af01"));
        ByteBuf video = Unpooled.wrappedBuffer(HexFormat.of().parseHex("2701000000"));

        channel.writeOutbound(new RtmpMessage.Media(TrackType.AUDIO, 1, 100, audio));
        channel.writeOutbound(new RtmpMessage.Media(TrackType.VIDEO, 1, 0x1_0000_0000L - 1, video));

        RawMessage audioOut = channel.readOutbound();
        RawMessage videoOut = channel.readOutbound();
        try {
            assertThat(audioOut.payload()).isSameAs(audio);
            assertThat(List.of(audioOut.chunkStreamId(), audioOut.typeId(), audioOut.messageStreamId()))
                    .containsExactly(4, 8, 1);
            assertThat(audioOut.timestamp()).isEqualTo(100);
            assertThat(videoOut.payload()).isSameAs(video);
            assertThat(List.of(videoOut.chunkStreamId(), videoOut.typeId(), videoOut.messageStreamId()))
                    .containsExactly(6, 9, 1);
            assertThat(videoOut.timestamp()).isEqualTo(0xFFFFFFFFL);
        } finally {
            audioOut.release();
            videoOut.release();
        }
    }

    @Test
    void ignoredMessagesCannotBeSent() {
        Throwable thrown = catchThrowable(() -> channel.writeOutbound(new RtmpMessage.Ignored(19, 0)));

        assertThat(thrown).isInstanceOf(EncoderException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    // ---- both ways ----------------------------------------------------------------------------

    @Test
    void everyDecodableMessageSurvivesARoundTrip() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", "live");
        object.put("tcUrl", "rtmp://127.0.0.1/live");
        List<RtmpMessage> messages = List.of(
                new RtmpMessage.Acknowledgement(0x8000_0000L),
                new RtmpMessage.WindowAckSize(5_000_000),
                new RtmpMessage.SetPeerBandwidth(5_000_000, 1),
                new RtmpMessage.UserControl(RtmpMessage.UserControl.STREAM_EOF, 1, 0),
                new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_REQUEST, 123_456, 0),
                new RtmpMessage.UserControl(RtmpMessage.UserControl.SET_BUFFER_LENGTH, 1, 1000),
                new RtmpMessage.Command(0, "connect", 1, object, List.of()),
                new RtmpMessage.Command(1, "publish", 5, null, Arrays.asList("key", null, "live")),
                new RtmpMessage.Data(1, 99, List.of("@setDataFrame", "onMetaData", object)));

        EmbeddedChannel decoder = new EmbeddedChannel(new MessageDecoder(new Amf0Decoder(AmfLimits.DEFAULTS)));
        try {
            for (RtmpMessage message : messages) {
                channel.writeOutbound(message);
                decoder.writeInbound((RawMessage) channel.readOutbound());
                assertThat(decoder.<Object>readInbound()).isEqualTo(message);
            }
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Encoded encode(RtmpMessage message) {
        channel.writeOutbound(message);
        RawMessage raw = channel.readOutbound();
        try {
            assertThat(channel.<Object>readOutbound()).isNull();
            return new Encoded(raw.chunkStreamId(), raw.typeId(), raw.timestamp(), raw.messageStreamId(),
                    HexFormat.of().formatHex(ByteBufUtil.getBytes(raw.payload())));
        } finally {
            raw.release();
        }
    }

    private static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }
}
