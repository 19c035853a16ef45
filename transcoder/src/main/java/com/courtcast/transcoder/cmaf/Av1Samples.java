package com.courtcast.transcoder.cmaf;

import io.netty.buffer.ByteBuf;

/**
 * AV1 sample rules of AV1-ISOBMFF 2.4: a sample is one temporal unit of low-overhead OBUs, and
 * temporal delimiter OBUs "SHOULD NOT be used" in it. Encoders and the Enhanced RTMP path put one
 * at the start of every temporal unit; the writer leaves it out by starting the sample's slice
 * past it, so no media byte is copied.
 */
final class Av1Samples {

    private static final int OBU_TEMPORAL_DELIMITER = 2;
    /** leb128() reads at most 8 bytes (AV1 4.10.5). */
    private static final int MAX_LEB128_BYTES = 8;

    private Av1Samples() {
    }

    /**
     * How many bytes at the start of {@code sample}'s readable bytes are a temporal delimiter OBU
     * (header, optional extension byte, size field, payload); 0 when the first OBU is another type.
     *
     * @throws IllegalArgumentException if the delimiter's header or size field is cut off, or its
     *     size runs past the sample
     */
    static int leadingTemporalDelimiterLength(ByteBuf sample) {
        int start = sample.readerIndex();
        int end = sample.writerIndex();
        if (start == end) {
            return 0;
        }
        int header = sample.getUnsignedByte(start);
        if ((header >>> 3 & 0x0F) != OBU_TEMPORAL_DELIMITER) {
            return 0;
        }
        boolean hasExtension = (header & 0x04) != 0;
        boolean hasSizeField = (header & 0x02) != 0;
        int pos = start + 1 + (hasExtension ? 1 : 0);
        if (!hasSizeField) {
            // Without a size field an OBU fills the rest of the sample (2.4).
            return end - start;
        }
        long size = 0;
        for (int i = 0; ; i++) {
            if (pos >= end || i == MAX_LEB128_BYTES) {
                throw new IllegalArgumentException("AV1 sample: temporal delimiter OBU size field is truncated");
            }
            int b = sample.getUnsignedByte(pos++);
            size |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (size > end - pos) {
            throw new IllegalArgumentException("AV1 sample: temporal delimiter OBU size " + size
                    + " runs past the sample (" + (end - pos) + " bytes left)");
        }
        return pos - start + (int) size;
    }
}
