package com.courtcast.transcoder.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.MediaFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AnnexBTest {

    private static final HexFormat HEX = HexFormat.of();
    /** x264's SPS for 320x240 High 4:2:0 8-bit, level 1.3, and its PPS. */
    private static final String SPS = "6764000dacd94141fb0110000003001000000303c0f1429960";
    private static final String PPS = "68ef8fcb";

    @Test
    void samplesGetFourByteLengthsAndLoseParameterSetsAndDelimiters() {
        // AUD (type 9) with a 4-byte start code, SPS, PPS, an SEI and an IDR slice with 3-byte start codes.
        ByteBuffer picture = ByteBuffer.wrap(HEX.parseHex("00000001" + "0910" + "000001" + SPS + "000001" + PPS
                + "000001" + "06050102" + "00000001" + "6588840021"));
        ByteBuf sample = AnnexB.toSample(picture, UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(ByteBufUtil.hexDump(sample)).isEqualTo("00000004" + "06050102" + "00000005" + "6588840021");
        } finally {
            sample.release();
        }
    }

    @Test
    void aZeroBeforeAFourByteStartCodeBelongsToNoUnit() {
        ByteBuffer stream = ByteBuffer.wrap(HEX.parseHex("000001" + "0601" + "00000001" + "4101"));
        assertThat(AnnexB.nalUnits(stream)).extracting(b -> HEX.formatHex(bytes(b))).containsExactly("0601", "4101");
    }

    @Test
    void theGlobalHeaderBecomesAnAvcCRecordWithTheHighProfileExtension() throws Exception {
        AvcConfig config = AnnexB.avcConfig(ByteBuffer.wrap(HEX.parseHex("00000001" + SPS + "00000001" + PPS)));
        assertThat(config.codecsString()).isEqualTo("avc1.64000D");
        assertThat(config.width()).isEqualTo(320);
        assertThat(config.height()).isEqualTo(240);
        assertThat(config.nalLengthSize()).isEqualTo(4);
        assertThat(HEX.formatHex(config.record())).isEqualTo("0164000dffe1" + "0019" + SPS + "01" + "0004" + PPS
                + "fdf8f800");
    }

    @Test
    void aHeaderWithoutPpsIsRefused() {
        assertThatThrownBy(() -> AnnexB.avcConfig(ByteBuffer.wrap(HEX.parseHex("00000001" + SPS))))
                .isInstanceOf(MediaFormatException.class).hasMessageContaining("0 PPS");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
