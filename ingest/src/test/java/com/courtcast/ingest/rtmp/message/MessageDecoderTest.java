package com.courtcast.ingest.rtmp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.courtcast.common.media.TrackType;
import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.rtmp.RtmpProtocolException;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import com.courtcast.ingest.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Message bodies (RTMP spec 5.4, 6 and 7) as encoders send them, written out in hex. */
@ExtendWith(NettyLeakCheck.class)
class MessageDecoderTest {

    private final EmbeddedChannel channel =
            new EmbeddedChannel(new MessageDecoder(new Amf0Decoder(AmfLimits.DEFAULTS)));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    // ---- protocol control ---------------------------------------------------------------------

    @Test
    void setPeerBandwidth() {
        assertThat(decodeOne(6, 0, "002625a0 02"))                 // 2,500,000 bytes, dynamic
                .isEqualTo(new RtmpMessage.SetPeerBandwidth(2_500_000, 2));
        assertThat(decodeOne(6, 0, "00001000 00"))                 // 4096 bytes, hard
                .isEqualTo(new RtmpMessage.SetPeerBandwidth(4096, 0));
    }

    @Test
    void windowAcknowledgementSize() {
        assertThat(decodeOne(5, 0, "002625a0")).isEqualTo(new RtmpMessage.WindowAckSize(2_500_000));
    }

    @Test
    void acknowledgementIsUnsigned() {
        assertThat(decodeOne(3, 0, "ffffffff")).isEqualTo(new RtmpMessage.Acknowledgement(0xFFFFFFFFL));
    }

    @Test
    void userControlEvents() {
        assertThat(decodeOne(4, 0, "0000 00000001"))               // Stream Begin, stream 1
                .isEqualTo(new RtmpMessage.UserControl(RtmpMessage.UserControl.STREAM_BEGIN, 1, 0));
        assertThat(decodeOne(4, 0, "0006 0badcafe"))               // Ping Request, server time
                .isEqualTo(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_REQUEST, 0x0BADCAFEL, 0));
        assertThat(decodeOne(4, 0, "0007 fffffffe"))               // Ping Response
                .isEqualTo(new RtmpMessage.UserControl(RtmpMessage.UserControl.PING_RESPONSE, 0xFFFFFFFEL, 0));
        assertThat(decodeOne(4, 0, "0003 00000001 00000bb8"))      // Set Buffer Length, stream 1, 3000 ms
                .isEqualTo(new RtmpMessage.UserControl(RtmpMessage.UserControl.SET_BUFFER_LENGTH, 1, 3000));
    }

    @Test
    void shortControlMessagesAreRefused() {
        assertThat(failure(5, "0000")).isEqualTo("control");
        assertThat(failure(3, "")).isEqualTo("control");
        assertThat(failure(6, "000010")).isEqualTo("control");
        assertThat(failure(4, "00")).isEqualTo("control");
    }

    // ---- commands and data --------------------------------------------------------------------

    @Test
    void commandWithNullCommandObjectAndArguments() {
        // FFmpeg's releaseStream("0123456789abcdef"): transaction 2, null command object.
        assertThat(decodeOne(20, 0, """
                02 000d 72656c6561736553747265616d     // "releaseStream"
                00 4000000000000000                    // 2.0
                05                                     // null
                02 0010 30313233343536373839616263646566
                """)).isEqualTo(new RtmpMessage.Command(0, "releaseStream", 2, null, List.of("0123456789abcdef")));

        // publish(null, "live") on stream 1: a null argument is kept in place.
        assertThat(decodeOne(20, 1, """
                02 0007 7075626c697368                 // "publish"
                00 4014000000000000                    // 5.0
                05                                     // null command object
                05                                     // null stream key
                02 0004 6c697665                       // "live"
                """)).isEqualTo(new RtmpMessage.Command(1, "publish", 5, null, Arrays.asList(null, "live")));
    }

    @Test
    void commandWithoutTransactionOrObject() {
        assertThat(decodeOne(20, 0, "02 000c 63726561746553747265616d"))   // "createStream" alone
                .isEqualTo(new RtmpMessage.Command(0, "createStream", 0, null, List.of()));
    }

    @Test
    void amf3CommandSkipsItsFormatByte() {
        RtmpMessage.Command command = (RtmpMessage.Command) decodeOne(17, 0, """
                00                                     // AMF3 command format byte
                02 0007 636f6e6e656374                 // "connect"
                00 3ff0000000000000                    // 1.0
                03 0003 617070 02 0004 6c697665        // {app: "live"
                   000e 6f626a656374456e636f64696e67 00 4008000000000000   // objectEncoding: 3.0
                   0000 09                             // }
                """);
        assertThat(command.name()).isEqualTo("connect");
        assertThat(command.transactionId()).isEqualTo(1.0);
        assertThat(command.commandObject()).isEqualTo(Map.of("app", "live", "objectEncoding", 3.0));
    }

    @Test
    void commandThatDoesNotStartWithAName() {
        assertThat(failure(20, "00 3ff0000000000000")).isEqualTo("amf");
        assertThat(failure(20, "")).isEqualTo("amf");
    }

    @Test
    void malformedAmfIsAProtocolError() {
        assertThat(failure(20, "02 0007 636f6e6e")).isEqualTo("amf");           // string cut short
        assertThat(failure(18, "02 0004 6c697665 ff")).isEqualTo("amf");        // unknown marker
    }

    @Test
    void setDataFrameWithMetadata() {
        RtmpMessage.Data data = (RtmpMessage.Data) decodeOne(18, 1, 40, """
                02 000d 40736574446174614672616d65     // "@setDataFrame"
                02 000a 6f6e4d65746144617461           // "onMetaData"
                08 00000002                            // ECMA array, 2 entries
                   0005 7769647468 00 4074000000000000 // width: 320.0
                   0006 686569676874 00 406e000000000000 // height: 240.0
                   0000 09
                """);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("width", 320.0);
        metadata.put("height", 240.0);
        assertThat(data).isEqualTo(new RtmpMessage.Data(1, 40, List.of("@setDataFrame", "onMetaData", metadata)));
    }

    @Test
    void amf3DataSkipsItsFormatByte() {
        assertThat(decodeOne(15, 1, "00 02 000a 6f6e4d65746144617461 05"))
                .isEqualTo(new RtmpMessage.Data(1, 0, Arrays.asList("onMetaData", null)));
    }

    // ---- media --------------------------------------------------------------------------------

    @Test
    void audioAndVideoPayloadsAreSlicesOfTheReceivedBuffer() {
        for (int type : new int[] {8, 9}) {
            ByteBuf received = Unpooled.directBuffer(16).writeBytes(bytes("af01 2110 0467"));
            channel.writeInbound(new RawMessage(type == 8 ? 4 : 6, type, 1234, 1, received));
            RtmpMessage.Media media = channel.readInbound();
            try {
                assertThat(media.track()).isEqualTo(type == 8 ? TrackType.AUDIO : TrackType.VIDEO);
                assertThat(media.messageStreamId()).isEqualTo(1);
                assertThat(media.timestamp()).isEqualTo(1234);
                assertThat(hex(media.payload())).isEqualTo("af0121100467");
                // The decoder released the raw message; the media's reference keeps the memory alive.
                assertThat(received.refCnt()).isEqualTo(1);
                // Same memory, not a copy: a write to the received buffer shows in the payload.
                received.setByte(0, 0x2f);
                assertThat(media.payload().getByte(0)).isEqualTo((byte) 0x2f);
            } finally {
                media.payload().release();
            }
            assertThat(received.refCnt()).isZero();
        }
    }

    // ---- aggregate ----------------------------------------------------------------------------

    /** Two FLV tags: video at 100 ms and audio at 110 ms of the encoder's timeline. */
    private static final String AGGREGATE = """
            09 000005 000064 00 000000   // video tag: size 5, ts 100, ts extension 0, stream 0
            1700000000                   // body: AVC sequence-header-looking bytes
            00000010                     // previous tag size 16
            08 000002 00006e 00 000000   // audio tag: size 2, ts 110
            af01                         // body
            0000000d                     // previous tag size 13
            """;

    @Test
    void aggregateIsSplitIntoTagsOnTheAggregatesTimeline() {
        ByteBuf received = Unpooled.wrappedBuffer(bytes(AGGREGATE));
        channel.writeInbound(new RawMessage(6, 22, 5000, 1, received));
        RtmpMessage.Media video = channel.readInbound();
        RtmpMessage.Media audio = channel.readInbound();
        try {
            assertThat(channel.<Object>readInbound()).isNull();
            assertThat(video.track()).isEqualTo(TrackType.VIDEO);
            assertThat(video.timestamp()).as("first tag takes the aggregate's time").isEqualTo(5000);
            assertThat(video.messageStreamId()).isEqualTo(1);
            assertThat(hex(video.payload())).isEqualTo("1700000000");
            assertThat(audio.track()).isEqualTo(TrackType.AUDIO);
            assertThat(audio.timestamp()).as("later tags keep their distance").isEqualTo(5010);
            assertThat(hex(audio.payload())).isEqualTo("af01");
            assertThat(received.refCnt()).as("one reference per tag, none copied").isEqualTo(2);
        } finally {
            video.payload().release();
            audio.payload().release();
        }
        assertThat(received.refCnt()).isZero();
    }

    @Test
    void aggregateTimestampsUseTheExtensionByteAndWrap() {
        // Tag times 0xff000000 and 0xff000000 + 40; the aggregate is at 20: rebased to 20 and 60.
        channel.writeInbound(new RawMessage(6, 22, 20, 1, Unpooled.wrappedBuffer(bytes("""
                08 000001 000000 ff 000000  aa  0000000c
                08 000001 000028 ff 000000  bb  0000000c
                """))));
        List<RtmpMessage.Media> media = readAllMedia();
        try {
            assertThat(media).extracting(RtmpMessage.Media::timestamp).containsExactly(20L, 60L);
        } finally {
            media.forEach(m -> m.payload().release());
        }
    }

    @Test
    void aggregateWithDataAndUnknownTags() {
        channel.writeInbound(new RawMessage(6, 22, 0, 1, Unpooled.wrappedBuffer(bytes("""
                12 00000e 000000 00 000000             // data tag, 14 bytes
                02 000a 6f6e4d65746144617461 05        // "onMetaData", null
                00000019
                13 000001 000000 00 000000  00  0000000c   // shared object tag: ignored
                """))));
        assertThat(channel.<Object>readInbound())
                .isEqualTo(new RtmpMessage.Data(1, 0, Arrays.asList("onMetaData", null)));
        assertThat(channel.<Object>readInbound()).isEqualTo(new RtmpMessage.Ignored(19, 1));
    }

    @Test
    void aggregateMayOmitTheLastBackPointer() {
        ByteBuf oneTag = Unpooled.wrappedBuffer(bytes("08 000001 000000 00 000000 aa"));
        channel.writeInbound(new RawMessage(6, 22, 0, 1, oneTag));
        List<RtmpMessage.Media> media = readAllMedia();
        try {
            assertThat(media).hasSize(1);
        } finally {
            media.forEach(m -> m.payload().release());
        }
    }

    @Test
    void truncatedAggregateIsRefused() {
        // Ends inside the second tag's header.
        ByteBuf inHeader = Unpooled.wrappedBuffer(bytes(AGGREGATE + "09 000005"));
        assertThat(failure(new RawMessage(6, 22, 0, 1, inHeader))).isEqualTo("aggregate");
        releaseInbound();
        assertThat(inHeader.refCnt()).as("tags before the fault are handed on, then released").isZero();

        // A tag claiming more bytes than the aggregate holds.
        ByteBuf overrun = Unpooled.wrappedBuffer(bytes("09 0000ff 000000 00 000000 1700000000"));
        assertThat(failure(new RawMessage(6, 22, 0, 1, overrun))).isEqualTo("aggregate");
        assertThat(overrun.refCnt()).isZero();
    }

    @Test
    void otherTypesAreIgnoredWithTheirLength() {
        assertThat(decodeOne(19, 0, "0001 61 00000000")).isEqualTo(new RtmpMessage.Ignored(19, 7));
        assertThat(decodeOne(16, 0, "00")).isEqualTo(new RtmpMessage.Ignored(16, 1));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private RtmpMessage decodeOne(int typeId, int messageStreamId, String body) {
        return decodeOne(typeId, messageStreamId, 0, body);
    }

    private RtmpMessage decodeOne(int typeId, int messageStreamId, long timestamp, String body) {
        ByteBuf payload = Unpooled.wrappedBuffer(bytes(body));
        channel.writeInbound(new RawMessage(3, typeId, timestamp, messageStreamId, payload));
        RtmpMessage message = channel.readInbound();
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(payload.refCnt()).as("the raw message is released").isZero();
        return message;
    }

    private List<RtmpMessage.Media> readAllMedia() {
        List<RtmpMessage.Media> media = new ArrayList<>();
        for (Object message; (message = channel.readInbound()) != null; ) {
            media.add((RtmpMessage.Media) message);
        }
        return media;
    }

    private void releaseInbound() {
        for (Object message; (message = channel.readInbound()) != null; ) {
            if (message instanceof RtmpMessage.Media media) {
                media.payload().release();
            }
        }
    }

    private String failure(int typeId, String body) {
        return failure(new RawMessage(3, typeId, 0, 0, Unpooled.wrappedBuffer(bytes(body))));
    }

    private String failure(RawMessage raw) {
        Throwable thrown = catchThrowable(() -> channel.writeInbound(raw));
        assertThat(thrown).isNotNull();
        Throwable cause = thrown.getCause();
        assertThat(cause).isInstanceOf(RtmpProtocolException.class);
        return ((RtmpProtocolException) cause).reason();
    }

    private static String hex(ByteBuf buf) {
        return HexFormat.of().formatHex(ByteBufUtil.getBytes(buf));
    }

    private static byte[] bytes(String table) {
        StringBuilder hex = new StringBuilder();
        for (String line : table.split("\n")) {
            int comment = line.indexOf("//");
            hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(hex);
    }
}
