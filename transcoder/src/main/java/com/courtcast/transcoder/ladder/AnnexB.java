package com.courtcast.transcoder.ladder;

import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.MediaFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 Annex B byte streams (what x264 writes: NAL units after 00 00 01 start codes) turned into
 * what fMP4 stores (ISO/IEC 14496-15: NAL units after a 4-byte length, parameter sets in avcC).
 */
final class AnnexB {

    static final int NAL_LENGTH_SIZE = 4;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final int NAL_AUD = 9;

    private AnnexB() {
    }

    /** The NAL units of an Annex B stream, as views of {@code stream} without start codes. */
    static List<ByteBuffer> nalUnits(ByteBuffer stream) {
        List<ByteBuffer> units = new ArrayList<>();
        int limit = stream.limit();
        int start = -1;
        int i = stream.position();
        while (i + 2 < limit) {
            if (stream.get(i) == 0 && stream.get(i + 1) == 0 && stream.get(i + 2) == 1) {
                if (start >= 0) {
                    units.add(slice(stream, start, trimTrailingZeros(stream, start, i)));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < limit) {
            units.add(slice(stream, start, limit));
        }
        return units;
    }

    /** A 4-byte start code leaves a zero before the next 00 00 01; it belongs to no NAL unit. */
    private static int trimTrailingZeros(ByteBuffer stream, int start, int end) {
        while (end > start && stream.get(end - 1) == 0) {
            end--;
        }
        return end;
    }

    private static ByteBuffer slice(ByteBuffer stream, int from, int to) {
        return stream.slice(from, to - from);
    }

    private static int type(ByteBuffer nal) {
        return nal.get(nal.position()) & 0x1F;
    }

    /**
     * One coded picture as an fMP4 sample: each NAL unit behind its 4-byte length. Parameter sets
     * and access unit delimiters are left out; the sample entry's avcC carries the former.
     *
     * @return a buffer the caller owns
     */
    static ByteBuf toSample(ByteBuffer picture, ByteBufAllocator allocator) {
        List<ByteBuffer> units = nalUnits(picture);
        int size = 0;
        for (ByteBuffer unit : units) {
            if (keepInSample(unit)) {
                size += NAL_LENGTH_SIZE + unit.remaining();
            }
        }
        ByteBuf sample = allocator.buffer(size);
        for (ByteBuffer unit : units) {
            if (keepInSample(unit)) {
                sample.writeInt(unit.remaining());
                sample.writeBytes(unit.duplicate());
            }
        }
        return sample;
    }

    private static boolean keepInSample(ByteBuffer unit) {
        if (!unit.hasRemaining()) {
            return false;
        }
        int type = type(unit);
        return type != NAL_SPS && type != NAL_PPS && type != NAL_AUD;
    }

    /**
     * The AVCDecoderConfigurationRecord (14496-15 5.3.3.1) for the parameter sets in an encoder's
     * Annex B global header, parsed back so the record and its facts cannot disagree.
     *
     * @throws MediaFormatException if the header holds no SPS or no PPS
     */
    static AvcConfig avcConfig(ByteBuffer globalHeader) throws MediaFormatException {
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (ByteBuffer unit : nalUnits(globalHeader)) {
            if (!unit.hasRemaining()) {
                continue;
            }
            byte[] bytes = new byte[unit.remaining()];
            unit.duplicate().get(bytes);
            switch (type(unit)) {
                case NAL_SPS -> sps.add(bytes);
                case NAL_PPS -> pps.add(bytes);
                default -> { }
            }
        }
        if (sps.isEmpty() || pps.isEmpty() || sps.get(0).length < 4) {
            throw new MediaFormatException("encoder header has " + sps.size() + " SPS and " + pps.size()
                    + " PPS; an avcC needs one of each");
        }
        byte[] first = sps.get(0);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(1); // configurationVersion
        record.write(first[1]); // profile_idc
        record.write(first[2]); // constraint flags
        record.write(first[3]); // level_idc
        record.write(0xFC | (NAL_LENGTH_SIZE - 1));
        record.write(0xE0 | sps.size());
        writeUnits(record, sps);
        record.write(pps.size());
        writeUnits(record, pps);
        int profile = first[1] & 0xFF;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            // High profiles carry the chroma format and bit depths too; the encoder writes 8-bit 4:2:0.
            record.write(0xFC | 1);
            record.write(0xF8);
            record.write(0xF8);
            record.write(0);
        }
        return AvcConfig.parse(record.toByteArray());
    }

    private static void writeUnits(ByteArrayOutputStream out, List<byte[]> units) {
        for (byte[] unit : units) {
            out.write(unit.length >>> 8);
            out.write(unit.length & 0xFF);
            out.writeBytes(unit);
        }
    }
}
