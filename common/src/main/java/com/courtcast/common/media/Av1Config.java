package com.courtcast.common.media;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * AV1 configuration: the AV1CodecConfigurationRecord (av1C, AV1-ISOBMFF 2.3.3) and its sequence
 * header facts.
 *
 * <p>Profile, level, tier, bit depth and chroma layout come from the record's fixed four bytes;
 * width, height and frame rate from the sequence header OBU among its configOBUs, which must be
 * present (the packager needs a picture size before the first frame). Width and height are the
 * sequence's maximum frame size, see {@link Av1SequenceHeader}.
 */
public record Av1Config(
        byte[] record, int seqProfile, int seqLevelIdx, boolean highTier, int bitDepth, boolean monochrome,
        int chromaSubsamplingX, int chromaSubsamplingY, int width, int height, double frameRate)
        implements VideoConfig {

    private static final String STRUCTURE = "AV1 av1C";
    private static final int OBU_SEQUENCE_HEADER = 1;

    public Av1Config {
        Objects.requireNonNull(record, "record");
    }

    /**
     * Parses an av1C payload (the body of an Enhanced RTMP av01 sequence start).
     *
     * @throws MediaFormatException if the record is truncated or invalid, or carries no sequence
     *     header OBU; the message names the field
     */
    public static Av1Config parse(byte[] record) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, record);
        if (!r.flag("marker")) {
            throw r.error("marker bit is 0, expected 1");
        }
        int version = r.bits(7, "version");
        if (version != 1) {
            throw r.error("version is " + version + ", expected 1");
        }
        int seqProfile = r.bits(3, "seq_profile", 0, 2);
        int seqLevelIdx = r.bits(5, "seq_level_idx_0");
        boolean highTier = r.flag("seq_tier_0");
        boolean highBitDepth = r.flag("high_bitdepth");
        boolean twelveBit = r.flag("twelve_bit");
        boolean monochrome = r.flag("monochrome");
        int subsamplingX = r.bits(1, "chroma_subsampling_x");
        int subsamplingY = r.bits(1, "chroma_subsampling_y");
        r.skipBits(2, "chroma_sample_position");
        r.skipBits(8, "initial_presentation_delay");
        int bitDepth = !highBitDepth ? 8 : (seqProfile == 2 && twelveBit ? 12 : 10);

        Av1SequenceHeader header = null;
        while (header == null && r.bitsLeft() > 0) {
            r.bits(1, "obu_forbidden_bit", 0, 0);
            int obuType = r.bits(4, "obu_type");
            boolean hasExtension = r.flag("obu_extension_flag");
            boolean hasSize = r.flag("obu_has_size_field");
            r.skipBits(1, "obu_reserved_1bit");
            if (hasExtension) {
                r.skipBits(8, "obu_extension_header");
            }
            long size = hasSize ? r.leb128("obu_size") : r.bitsLeft() / 8;
            if (size > r.bitsLeft() / 8) {
                throw r.error("truncated reading OBU payload (obu_size " + size + ", " + r.bitsLeft() / 8
                        + " bytes left)");
            }
            if (obuType == OBU_SEQUENCE_HEADER) {
                header = Av1SequenceHeader.parse(record, r.bytePosition(), (int) size);
            }
            r.skipBits(size * 8, "OBU payload");
        }
        if (header == null) {
            throw r.error("configOBUs carry no sequence header OBU; the picture size is unknown");
        }
        if (header.seqProfile() != seqProfile) {
            throw r.error("seq_profile is " + seqProfile + " but the sequence header says " + header.seqProfile());
        }
        return new Av1Config(record, seqProfile, seqLevelIdx, highTier, bitDepth, monochrome, subsamplingX,
                subsamplingY, header.width(), header.height(), header.frameRate());
    }

    @Override public Codec codec() { return Codec.AV1; }

    /**
     * AV1-ISOBMFF "Codecs Parameter String", short form {@code av01.P.LLT.DD}: profile, two-digit
     * level index, tier M or H, two-digit bit depth, e.g. {@code av01.0.08M.08}.
     */
    @Override
    public String codecsString() {
        return String.format(Locale.ROOT, "av01.%d.%02d%c.%02d", seqProfile, seqLevelIdx, highTier ? 'H' : 'M',
                bitDepth);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Av1Config other
                && Arrays.equals(record, other.record)
                && seqProfile == other.seqProfile
                && seqLevelIdx == other.seqLevelIdx
                && highTier == other.highTier
                && bitDepth == other.bitDepth
                && monochrome == other.monochrome
                && chromaSubsamplingX == other.chromaSubsamplingX
                && chromaSubsamplingY == other.chromaSubsamplingY
                && width == other.width
                && height == other.height
                && Double.compare(frameRate, other.frameRate) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(record) + Objects.hash(seqProfile, seqLevelIdx, highTier, bitDepth, monochrome,
                chromaSubsamplingX, chromaSubsamplingY, width, height, frameRate);
    }

    @Override
    public String toString() {
        return "Av1Config[" + codecsString() + ", " + width + "x" + height + " @ " + ConfigRecords.rate(frameRate)
                + " fps, "
                + (monochrome ? "monochrome" : "subsampling " + chromaSubsamplingX + "," + chromaSubsamplingY)
                + ", record " + record.length + " bytes]";
    }
}
