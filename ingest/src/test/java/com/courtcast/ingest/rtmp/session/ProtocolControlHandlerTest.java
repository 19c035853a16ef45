package com.courtcast.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.courtcast.common.testing.NettyLeakCheck;
import com.courtcast.ingest.rtmp.amf.Amf0Decoder;
import com.courtcast.ingest.rtmp.amf.AmfLimits;
import com.courtcast.ingest.rtmp.chunk.ChunkDecoder;
import com.courtcast.ingest.rtmp.chunk.ChunkLimits;
import com.courtcast.ingest.rtmp.message.MessageDecoder;
import com.courtcast.ingest.rtmp.message.RtmpMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acknowledgements (RTMP spec 5.4.3) counted from the bytes on the wire, and ping answers
 * (7.1.7), through the inbound half of the real pipeline.
 */
@ExtendWith(NettyLeakCheck.class)
class ProtocolControlHandlerTest {

    /** Window Acknowledgement Size 100, 16 bytes on the wire. */
    private static final String WINDOW_100 = "02 000000 000004 05 00000000 00000064";
    /** A 40-byte audio message in one chunk, 52 bytes on the wire. */
    private static final String AUDIO_52 = "04 000000 000028 08 01000000" + "af01".repeat(20);

    private final InboundByteCounter counter = new InboundByteCounter();
    private final EmbeddedChannel channel = new EmbeddedChannel(counter,
            new ChunkDecoder(ChunkLimits.DEFAULTS),
            new MessageDecoder(new Amf0Decoder(AmfLimits.DEFAULTS)),
            new ProtocolControlHandler(counter));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void acknowledgesOnceEachWindowOfBytesHasArrived() {
        receive(WINDOW_100);                                   // 16 bytes in
        receive(AUDIO_52);                                     // 68
        assertThat(channel.<Object>readOutbound()).isNull();

        receive(AUDIO_52);                                     // 120: past the first window
        assertThat(channel.<Object>readOutbound()).isEqualTo(new RtmpMessage.Acknowledgement(120));
        assertThat(channel.<Object>readOutbound()).isNull();

        receive(AUDIO_52);                                     // 172: 52 since the last ack
        assertThat(channel.<Object>readOutbound()).isNull();
        receive(AUDIO_52);                                     // 224: 104 since the last ack
        assertThat(channel.<Object>readOutbound()).isEqualTo(new RtmpMessage.Acknowledgement(224));
        assertThat(counter.bytes()).isEqualTo(224);
    }

    @Test
    void countsBytesNotMessages() {
        receive(WINDOW_100);
        // A 150-byte audio message in two chunks, fed in two pieces: the bytes of the first piece
        // are counted, though the acknowledgement waits until a whole message reaches the handler.
        String bigAudio = "04" + "000000" + "000096" + "08" + "01000000" + "00".repeat(128) + "c4" + "00".repeat(22);
        receive(bigAudio.substring(0, 2 * 100));
        assertThat(channel.<Object>readOutbound()).isNull();
        receive(bigAudio.substring(2 * 100));

        assertThat(channel.<Object>readOutbound()).isEqualTo(new RtmpMessage.Acknowledgement(16 + 12 + 150 + 1));
    }

    @Test
    void noAcknowledgementsBeforeThePeerAsksForThem() {
        for (int i = 0; i < 100; i++) {
            receive(AUDIO_52);
        }
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    @Test
    void answersAPingWithTheSameValue() {
        List<RtmpMessage> passedOn = receive("02 000000 000006 04 00000000  0006 12345678");   // Ping Request

        assertThat(channel.<Object>readOutbound()).isEqualTo(new RtmpMessage.UserControl(
                RtmpMessage.UserControl.PING_RESPONSE, 0x12345678L, 0));
        assertThat(passedOn).as("answered here, not passed on").isEmpty();
    }

    @Test
    void keepsControlMessagesAndPassesTheRestOn() {
        assertThat(receive("02 000000 000004 03 00000000  00000010")).isEmpty();         // Acknowledgement
        assertThat(receive("02 000000 000005 06 00000000  00001000 02")).isEmpty();      // Set Peer Bandwidth
        assertThat(receive("02 000000 000006 04 00000000  0000 00000001")).isEmpty();    // Stream Begin

        assertThat(receive("03 000000 00000f 14 00000000  02 000c 63726561746553747265616d"))   // createStream
                .containsExactly(new RtmpMessage.Command(0, "createStream", 0, null, List.of()));
        assertThat(receive(AUDIO_52)).singleElement().isInstanceOf(RtmpMessage.Media.class);
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    /** Feeds the bytes in; returns what the handler passed on, media released. */
    private List<RtmpMessage> receive(String hex) {
        channel.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replaceAll("\\s+", ""))));
        List<RtmpMessage> passedOn = new ArrayList<>();
        for (RtmpMessage message; (message = channel.readInbound()) != null; ) {
            if (message instanceof RtmpMessage.Media media) {
                media.payload().release();
            }
            passedOn.add(message);
        }
        return passedOn;
    }
}
