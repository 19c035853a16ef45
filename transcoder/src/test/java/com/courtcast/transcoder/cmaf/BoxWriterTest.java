package com.courtcast.transcoder.cmaf;

import static com.courtcast.transcoder.cmaf.Mp4Boxes.fourCc;
import static com.courtcast.transcoder.cmaf.Mp4Boxes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoxWriterTest {

    private final ByteBuf out = Unpooled.buffer();
    private final BoxWriter w = new BoxWriter(out);

    @AfterEach
    void release() {
        out.release();
    }

    @Test
    void nestedBoxesGetTheirSizesPatched() {
        w.box("moov", () -> {
            w.fullBox("mvhd", 1, 0x000102, () -> w.u16(0xBEEF));
            w.box("free", () -> { });
        });

        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(hex("0000001e" + fourCc("moov")
                + "0000000e" + fourCc("mvhd") + "01000102 beef"
                + "00000008" + fourCc("free")));
    }

    @Test
    void fieldsAreBigEndianAndChecked() {
        w.u8(0xFF);
        w.u24(0x010203);
        w.u32(0xFFFF_FFFFL);
        w.i32(-2);
        w.u64(1);
        w.cString("ab");

        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(hex("ff 010203 ffffffff fffffffe 0000000000000001 616200"));
        assertThatThrownBy(() -> w.u8(256)).hasMessage("u8 field out of range: 256");
        assertThatThrownBy(() -> w.u16(-1)).hasMessage("u16 field out of range: -1");
        assertThatThrownBy(() -> w.u32(1L << 32)).hasMessage("u32 field out of range: 4294967296");
        assertThatThrownBy(() -> w.fourCc("abc")).hasMessage("a four-character code has 4 characters: 'abc'");
    }
}
