package com.courtcast.transcoder.cmaf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes ISO-BMFF boxes (ISO/IEC 14496-12 4.2) into a {@link ByteBuf}, big-endian as the format is.
 *
 * <p>{@link #box} writes a 32-bit size placeholder and the type, runs the body, then patches the
 * size from how far the writer index moved, so nested boxes read like the spec's syntax tables
 * and no size is ever computed by hand. Only compact 32-bit sizes are written: every box written
 * here is a header box of a few kilobytes (media bytes never pass through this class).
 *
 * <p>Field writers take the spec's field width in their name ({@code u16}, {@code u32}, ...) and
 * reject values that do not fit, so a wrong value fails loudly instead of wrapping.
 */
final class BoxWriter {

    private final ByteBuf out;

    BoxWriter(ByteBuf out) {
        this.out = out;
    }

    /** A box body: the fields and child boxes written between the header and the size patch. */
    @FunctionalInterface
    interface Body {
        void write();
    }

    /** {@code Box(type)}: size, type, then {@code body}. */
    void box(String type, Body body) {
        int start = out.writerIndex();
        out.writeInt(0); // size, patched below
        fourCc(type);
        body.write();
        out.setInt(start, out.writerIndex() - start);
    }

    /** {@code FullBox(type, version, flags)}: a box whose body starts with version (8) and flags (24). */
    void fullBox(String type, int version, int flags, Body body) {
        box(type, () -> {
            u8(version);
            u24(flags);
            body.write();
        });
    }

    void u8(int value) {
        check(value, 0xFF, "u8");
        out.writeByte(value);
    }

    void u16(int value) {
        check(value, 0xFFFF, "u16");
        out.writeShort(value);
    }

    void u24(int value) {
        check(value, 0xFF_FFFF, "u24");
        out.writeMedium(value);
    }

    void u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 field out of range: " + value);
        }
        out.writeInt((int) value);
    }

    /** A signed 32-bit field ({@code int(32)}). */
    void i32(int value) {
        out.writeInt(value);
    }

    void u64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("u64 field out of range: " + value);
        }
        out.writeLong(value);
    }

    /** A four-character code, e.g. a box type or brand. */
    void fourCc(String code) {
        if (code.length() != 4) {
            throw new IllegalArgumentException("a four-character code has 4 characters: '" + code + "'");
        }
        out.writeCharSequence(code, StandardCharsets.ISO_8859_1);
    }

    void bytes(byte[] value) {
        out.writeBytes(value);
    }

    void zeros(int count) {
        out.writeZero(count);
    }

    /** A null-terminated UTF-8 string, as in {@code hdlr}'s name. */
    void cString(String value) {
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    private static void check(int value, int max, String field) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " field out of range: " + value);
        }
    }
}
