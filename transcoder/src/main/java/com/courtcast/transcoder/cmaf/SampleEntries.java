package com.courtcast.transcoder.cmaf;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.HevcConfig;
import com.courtcast.common.media.VideoConfig;
import java.nio.charset.StandardCharsets;

/**
 * The sample description ({@code stsd}) of a track: one sample entry per codec.
 *
 * <ul>
 *   <li>{@code avc1} + {@code avcC} (ISO/IEC 14496-15 5.4.2) and {@code av01} + {@code av1C}
 *       (AV1-ISOBMFF 2.2, 2.3): the configuration record as the publisher sent it.
 *   <li>{@code hvc1} + {@code hvcC} (14496-15 8.4.1): the entry Apple requires for HLS. Under
 *       {@code hvc1} the parameter sets live in the sample entry and {@code array_completeness}
 *       must be 1 for the VPS, SPS and PPS arrays; encoders writing FLV (FFmpeg among them) leave
 *       it 0, so the copy written here sets it.
 *   <li>{@code mp4a} + {@code esds} (14496-14 5.6, 14496-1 7.2.6.5): an ES_Descriptor whose
 *       DecoderSpecificInfo is the AudioSpecificConfig. Sample rates above 65535 Hz, which the
 *       16.16 {@code samplerate} field cannot hold, take the AudioSampleEntryV1 form with a
 *       {@code srat} box (14496-12 12.2.3).
 * </ul>
 */
final class SampleEntries {

    private static final int ES_DESCRIPTOR_TAG = 0x03;
    private static final int DECODER_CONFIG_DESCRIPTOR_TAG = 0x04;
    private static final int DECODER_SPECIFIC_INFO_TAG = 0x05;
    private static final int SL_CONFIG_DESCRIPTOR_TAG = 0x06;
    /** objectTypeIndication 0x40: Audio ISO/IEC 14496-3 (every AAC flavour). */
    private static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
    /** streamType 0x05 (AudioStream) << 2 | upStream 0 << 1 | reserved 1. */
    private static final int STREAM_TYPE_AUDIO = 0x05 << 2 | 1;
    /** SLConfigDescriptor predefined 2: reserved for use in MP4 files (14496-14 3.1.2). */
    private static final int SL_PREDEFINED_MP4 = 0x02;

    private static final int HVCC_ARRAYS_OFFSET = 22;
    private static final int ARRAY_COMPLETENESS = 0x80;
    private static final int HEVC_NAL_VPS = 32;
    private static final int HEVC_NAL_PPS = 34;

    private SampleEntries() {
    }

    /** SampleDescriptionBox (8.5.2) with the track's one sample entry. */
    static void writeStsd(BoxWriter w, TrackSpec track) {
        // An AudioSampleEntryV1 may only sit in an stsd of version 1 (12.2.3.2).
        int version = track.config() instanceof AacConfig aac && needsV1(aac) ? 1 : 0;
        w.fullBox("stsd", version, 0, () -> {
            w.u32(1); // entry_count
            switch (track.config()) {
                case AvcConfig avc -> visualEntry(w, "avc1", avc, "AVC Coding", "avcC", avc.record());
                case HevcConfig hevc -> visualEntry(w, "hvc1", hevc, "HEVC Coding", "hvcC",
                        withCompleteParameterSetArrays(hevc.record()));
                case Av1Config av1 -> visualEntry(w, "av01", av1, "AOM Coding", "av1C", av1.record());
                case AacConfig aac -> mp4a(w, aac);
            }
        });
    }

    /** VisualSampleEntry (12.1.3) followed by its configuration box. */
    private static void visualEntry(BoxWriter w, String type, VideoConfig video, String compressorName,
            String configType, byte[] record) {
        w.box(type, () -> {
            sampleEntryHeader(w);
            w.u16(0); // pre_defined
            w.zeros(2); // reserved
            w.zeros(4 * 3); // pre_defined
            w.u16(video.width());
            w.u16(video.height());
            w.u32(0x0048_0000); // horizresolution 72 dpi
            w.u32(0x0048_0000); // vertresolution 72 dpi
            w.zeros(4); // reserved
            w.u16(1); // frame_count
            compressorName(w, compressorName);
            w.u16(0x0018); // depth: colour, no alpha
            w.u16(0xFFFF); // pre_defined = -1
            w.box(configType, () -> w.bytes(record));
        });
    }

    /**
     * The 32-byte compressorname: a length byte, the name, zero padding. The codec bindings
     * recommend "\012AVC Coding", "\013HEVC Coding" and "\012AOM Coding".
     */
    private static void compressorName(BoxWriter w, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        w.u8(bytes.length);
        w.bytes(bytes);
        w.zeros(31 - bytes.length);
    }

    /** SampleEntry (8.5.2.2): six reserved bytes and data_reference_index 1 (the dref's only entry). */
    private static void sampleEntryHeader(BoxWriter w) {
        w.zeros(6);
        w.u16(1);
    }

    static boolean needsV1(AacConfig aac) {
        return aac.sampleRate() > 0xFFFF;
    }

    /** MP4AudioSampleEntry: AudioSampleEntry (12.2.3) with an esds, V1 + srat above 65535 Hz. */
    private static void mp4a(BoxWriter w, AacConfig aac) {
        boolean v1 = needsV1(aac);
        w.box("mp4a", () -> {
            sampleEntryHeader(w);
            w.u16(v1 ? 1 : 0); // entry_version (reserved = 0 in a V0 entry)
            w.zeros(2 * 3); // reserved
            w.u16(aac.channelCount());
            w.u16(16); // samplesize
            w.u16(0); // pre_defined
            w.zeros(2); // reserved
            w.u32((long) samplerateField(aac.sampleRate()) << 16);
            esds(w, aac.record());
            if (v1) {
                // SamplingRateBox: the real rate; the field above then holds an integer division of it.
                w.fullBox("srat", 0, 0, () -> w.u32(aac.sampleRate()));
            }
        });
    }

    /**
     * The integer part of the 16.16 {@code samplerate}: the rate itself when it fits, otherwise
     * (with a {@code srat} box present) "a suitable integer division" of it (12.2.3.3), e.g. 48000
     * for 96000 Hz, so readers that ignore {@code srat} still see a sensible rate; 1 (the field's
     * template value) when the rate has no divisor that fits.
     */
    static int samplerateField(int sampleRate) {
        if (sampleRate <= 0xFFFF) {
            return sampleRate;
        }
        // Smaller divisors leave a quotient above 65535; the first one dividing evenly wins.
        for (int divisor = (sampleRate + 0xFFFE) / 0xFFFF; divisor <= sampleRate; divisor++) {
            if (sampleRate % divisor == 0) {
                return sampleRate / divisor;
            }
        }
        return 1;
    }

    /**
     * ESDBox (14496-14 5.6): ES_Descriptor { DecoderConfigDescriptor { DecoderSpecificInfo }
     * SLConfigDescriptor } (14496-1 7.2.6.5). Bitrates are 0 (unknown, live); sizes use the
     * shortest expandable encoding.
     */
    static void esds(BoxWriter w, byte[] audioSpecificConfig) {
        int decoderSpecificInfo = audioSpecificConfig.length;
        int decoderConfig = 13 + descriptorLength(decoderSpecificInfo);
        int esDescriptor = 3 + descriptorLength(decoderConfig) + descriptorLength(1);
        w.fullBox("esds", 0, 0, () -> {
            descriptorHeader(w, ES_DESCRIPTOR_TAG, esDescriptor);
            w.u16(0); // ES_ID: 0 in a file (14496-14 3.1.2)
            w.u8(0); // streamDependenceFlag, URL_Flag, OCRstreamFlag 0; streamPriority 0
            descriptorHeader(w, DECODER_CONFIG_DESCRIPTOR_TAG, decoderConfig);
            w.u8(OBJECT_TYPE_MPEG4_AUDIO);
            w.u8(STREAM_TYPE_AUDIO);
            w.u24(0); // bufferSizeDB
            w.u32(0); // maxBitrate
            w.u32(0); // avgBitrate
            descriptorHeader(w, DECODER_SPECIFIC_INFO_TAG, decoderSpecificInfo);
            w.bytes(audioSpecificConfig);
            descriptorHeader(w, SL_CONFIG_DESCRIPTOR_TAG, 1);
            w.u8(SL_PREDEFINED_MP4);
        });
    }

    /** A descriptor's whole length: tag, expandable size field, payload. */
    private static int descriptorLength(int payload) {
        return 1 + sizeFieldLength(payload) + payload;
    }

    private static int sizeFieldLength(int payload) {
        int bytes = 1;
        while (payload >>> (7 * bytes) != 0) {
            bytes++;
        }
        return bytes;
    }

    /** Tag and sizeOfInstance, 7 bits per byte, most significant first, high bit = more bytes follow. */
    private static void descriptorHeader(BoxWriter w, int tag, int payload) {
        w.u8(tag);
        for (int i = sizeFieldLength(payload) - 1; i > 0; i--) {
            w.u8(0x80 | (payload >>> (7 * i)) & 0x7F);
        }
        w.u8(payload & 0x7F);
    }

    /**
     * A copy of an hvcC with array_completeness set on the VPS, SPS and PPS arrays, as 'hvc1'
     * requires (14496-15 8.3.3.2): all parameter sets are in the sample entry.
     *
     * @throws IllegalArgumentException if the record's arrays run past its end
     */
    static byte[] withCompleteParameterSetArrays(byte[] hvcc) {
        byte[] copy = hvcc.clone();
        int pos = HVCC_ARRAYS_OFFSET;
        int arrays = unsignedByte(copy, pos++);
        for (int a = 0; a < arrays; a++) {
            int nalType = unsignedByte(copy, pos) & 0x3F;
            if (nalType >= HEVC_NAL_VPS && nalType <= HEVC_NAL_PPS) {
                copy[pos] |= (byte) ARRAY_COMPLETENESS;
            }
            int count = unsignedShort(copy, pos + 1);
            pos += 3;
            for (int n = 0; n < count; n++) {
                pos += 2 + unsignedShort(copy, pos);
            }
        }
        if (pos > copy.length) {
            throw truncatedHvcc(copy);
        }
        return copy;
    }

    private static int unsignedByte(byte[] bytes, int index) {
        if (index >= bytes.length) {
            throw truncatedHvcc(bytes);
        }
        return bytes[index] & 0xFF;
    }

    private static int unsignedShort(byte[] bytes, int index) {
        return unsignedByte(bytes, index) << 8 | unsignedByte(bytes, index + 1);
    }

    private static IllegalArgumentException truncatedHvcc(byte[] hvcc) {
        return new IllegalArgumentException("hvcC record of " + hvcc.length + " bytes is truncated");
    }
}
