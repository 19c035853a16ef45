package com.courtcast.common.media;

/**
 * Reads a byte array MSB first, as every structure in H.264, HEVC, AV1 and MPEG-4 Audio is written.
 *
 * <p>Every read names the syntax element it is for, so a short or out-of-range input turns into a
 * {@link MediaFormatException} such as "H.264 SPS: truncated reading pic_width_in_mbs_minus1"
 * instead of an index exception. Covers fixed-width fields (u(n)/f(n)), Exp-Golomb codes (ue(v),
 * se(v), H.264 9.1), AV1's uvlc() and leb128(), and aligned byte copies for configuration records.
 */
final class BitReader {

    private final String structure;
    private final byte[] data;
    private final int endBit;
    private int bitPosition;

    /** @param structure what is being read, used as the prefix of every error ("H.264 SPS") */
    BitReader(String structure, byte[] data) {
        this(structure, data, 0, data.length);
    }

    BitReader(String structure, byte[] data, int offset, int length) {
        this.structure = structure;
        this.data = data;
        this.bitPosition = offset * 8;
        this.endBit = (offset + length) * 8;
    }

    /** Reads an unsigned field of 0 to 32 bits. */
    long bitsLong(int count, String field) throws MediaFormatException {
        require(count, field);
        long value = 0;
        for (int i = 0; i < count; i++) {
            int bit = (data[bitPosition >>> 3] >>> (7 - (bitPosition & 7))) & 1;
            value = (value << 1) | bit;
            bitPosition++;
        }
        return value;
    }

    /** Reads an unsigned field of 0 to 31 bits. */
    int bits(int count, String field) throws MediaFormatException {
        if (count > 31) {
            throw new IllegalArgumentException("use bitsLong for " + count + " bits");
        }
        return (int) bitsLong(count, field);
    }

    /** Reads an unsigned field and checks it against an inclusive range. */
    int bits(int count, String field, int min, int max) throws MediaFormatException {
        return checkRange(field, bits(count, field), min, max);
    }

    boolean flag(String field) throws MediaFormatException {
        return bitsLong(1, field) == 1;
    }

    void skipBits(long count, String field) throws MediaFormatException {
        require(count, field);
        bitPosition += (int) count;
    }

    /** ue(v): unsigned Exp-Golomb code, limited to values that fit an int. */
    int ue(String field) throws MediaFormatException {
        int leadingZeros = 0;
        while (!flag(field)) {
            leadingZeros++;
            if (leadingZeros > 31) {
                throw error("invalid Exp-Golomb code for " + field + " (more than 31 leading zero bits)");
            }
        }
        long value = (1L << leadingZeros) - 1 + bitsLong(leadingZeros, field);
        if (value > Integer.MAX_VALUE) {
            throw error(field + " = " + value + " is too large");
        }
        return (int) value;
    }

    /** ue(v) checked against an inclusive range, as the spec's semantics constrain most elements. */
    int ue(String field, int min, int max) throws MediaFormatException {
        return checkRange(field, ue(field), min, max);
    }

    /** se(v): signed Exp-Golomb code (H.264 9.1.1 mapping 1, -1, 2, -2, ...). */
    int se(String field) throws MediaFormatException {
        int codeNum = ue(field);
        int magnitude = (int) ((codeNum + 1L) >>> 1);
        return (codeNum & 1) == 1 ? magnitude : -magnitude;
    }

    int se(String field, int min, int max) throws MediaFormatException {
        return checkRange(field, se(field), min, max);
    }

    /** AV1 uvlc() (AV1 spec 4.10.3): values of 32 or more leading zeros saturate to 2^32 - 1. */
    long uvlc(String field) throws MediaFormatException {
        int leadingZeros = 0;
        while (!flag(field)) {
            leadingZeros++;
        }
        if (leadingZeros >= 32) {
            return (1L << 32) - 1;
        }
        return bitsLong(leadingZeros, field) + (1L << leadingZeros) - 1;
    }

    /** AV1 leb128() (AV1 spec 4.10.5); must start byte aligned. */
    long leb128(String field) throws MediaFormatException {
        requireAligned(field);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int b = bits(8, field);
            value |= (long) (b & 0x7F) << (i * 7);
            if ((b & 0x80) == 0) {
                if (value > 0xFFFF_FFFFL) {
                    throw error(field + " = " + value + " exceeds 2^32 - 1");
                }
                return value;
            }
        }
        throw error("invalid leb128 for " + field + " (more than 8 bytes)");
    }

    /** Copies {@code length} bytes; must be byte aligned. */
    byte[] bytes(int length, String field) throws MediaFormatException {
        requireAligned(field);
        require(8L * length, field);
        byte[] out = new byte[length];
        System.arraycopy(data, bitPosition >>> 3, out, 0, length);
        bitPosition += 8 * length;
        return out;
    }

    /** Skips to the next byte boundary (a no-op when already aligned). */
    void byteAlign() {
        bitPosition = (bitPosition + 7) & ~7;
        if (bitPosition > endBit) {
            bitPosition = endBit;
        }
    }

    long bitsLeft() {
        return endBit - bitPosition;
    }

    int bytePosition() {
        return bitPosition >>> 3;
    }

    MediaFormatException error(String message) {
        return new MediaFormatException(structure + ": " + message);
    }

    private int checkRange(String field, int value, int min, int max) throws MediaFormatException {
        if (value < min || value > max) {
            throw error(field + " = " + value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    private void require(long bitCount, String field) throws MediaFormatException {
        if (bitCount < 0 || bitCount > endBit - bitPosition) {
            throw error("truncated reading " + field);
        }
    }

    private void requireAligned(String field) throws MediaFormatException {
        if ((bitPosition & 7) != 0) {
            throw new IllegalStateException(structure + ": " + field + " read off a byte boundary");
        }
    }
}
