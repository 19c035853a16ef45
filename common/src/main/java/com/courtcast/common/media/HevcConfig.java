package com.courtcast.common.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * HEVC configuration: the HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3) and its SPS facts.
 *
 * <p>Profile space, tier, profile, compatibility flags, constraint flags and level come from the
 * record header (they are what the "hvc1" codecs string carries); width, height and frame rate
 * come from the first base-layer SPS. Parameter set arrays of other NAL types (SEI, ...) are
 * skipped. The NAL unit lists hold units without length prefix, emulation prevention intact.
 */
public record HevcConfig(
        byte[] record, int profileSpace, boolean highTier, int profileIdc, long profileCompatibilityFlags,
        long constraintIndicatorFlags, int levelIdc, int nalLengthSize,
        List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, int width, int height, double frameRate)
        implements VideoConfig {

    private static final String STRUCTURE = "HEVC hvcC";
    private static final int NAL_TYPE_VPS = 32;
    private static final int NAL_TYPE_PPS = 34;

    public HevcConfig {
        Objects.requireNonNull(record, "record");
        vps = List.copyOf(vps);
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
    }

    /**
     * Parses an hvcC payload (the body of an Enhanced RTMP hvc1 sequence start) and its first SPS.
     *
     * @throws MediaFormatException if the record or the SPS is truncated or invalid; the message
     *     names the field
     */
    public static HevcConfig parse(byte[] record) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, record);
        int version = r.bits(8, "configurationVersion");
        if (version != 1) {
            throw r.error("configurationVersion is " + version + ", expected 1");
        }
        int profileSpace = r.bits(2, "general_profile_space");
        boolean highTier = r.flag("general_tier_flag");
        int profileIdc = r.bits(5, "general_profile_idc");
        long compatibilityFlags = r.bitsLong(32, "general_profile_compatibility_flags");
        long constraintFlags = r.bitsLong(32, "general_constraint_indicator_flags") << 16
                | r.bitsLong(16, "general_constraint_indicator_flags");
        int levelIdc = r.bits(8, "general_level_idc");
        // Reserved bits are not checked: some muxers write them as zeros.
        r.skipBits(16, "min_spatial_segmentation_idc");
        r.skipBits(8, "parallelismType");
        r.skipBits(8, "chromaFormat");
        r.skipBits(8, "bitDepthLumaMinus8");
        r.skipBits(8, "bitDepthChromaMinus8");
        r.skipBits(16, "avgFrameRate");
        r.skipBits(6, "constantFrameRate/numTemporalLayers/temporalIdNested");
        int nalLengthSize = r.bits(2, "lengthSizeMinusOne") + 1;
        if (nalLengthSize == 3) {
            throw r.error("lengthSizeMinusOne is 2; NAL unit lengths of 3 bytes are not allowed (1, 2 or 4)");
        }

        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        int arrays = r.bits(8, "numOfArrays");
        for (int a = 0; a < arrays; a++) {
            r.skipBits(2, "array_completeness/reserved");
            int nalType = r.bits(6, "NAL_unit_type");
            int count = r.bits(16, "numNalus");
            for (int n = 0; n < count; n++) {
                int length = r.bits(16, "nalUnitLength");
                if (length == 0) {
                    throw r.error("nalUnitLength is 0 in the array of NAL type " + nalType);
                }
                byte[] unit = r.bytes(length, "nalUnit");
                switch (nalType) {
                    case NAL_TYPE_VPS -> vps.add(unit);
                    case HevcSps.NAL_TYPE_SPS -> sps.add(unit);
                    case NAL_TYPE_PPS -> pps.add(unit);
                    default -> { } // SEI and other arrays are not needed by packagers here
                }
            }
        }
        byte[] baseLayerSps = sps.stream()
                .filter(unit -> unit.length >= 2 && ((unit[0] & 0x01) << 5 | (unit[1] & 0xFF) >>> 3) == 0)
                .findFirst()
                .orElseThrow(() -> r.error("the record carries no base-layer SPS (NAL type 33)"));
        HevcSps first = HevcSps.parse(baseLayerSps);
        return new HevcConfig(record, profileSpace, highTier, profileIdc, compatibilityFlags, constraintFlags,
                levelIdc, nalLengthSize, vps, sps, pps, first.width(), first.height(), first.frameRate());
    }

    @Override public Codec codec() { return Codec.HEVC; }

    /**
     * ISO/IEC 14496-15 Annex E.3: {@code hvc1.[A-C]<profile>.<compatibility flags, bit-reversed hex>.
     * <L|H><level>[.<constraint byte hex>]*}, trailing zero constraint bytes omitted, e.g.
     * {@code hvc1.1.6.L93.B0}.
     */
    @Override
    public String codecsString() {
        StringBuilder sb = new StringBuilder(Codec.HEVC.fourCc()).append('.');
        if (profileSpace > 0) {
            sb.append((char) ('A' + profileSpace - 1));
        }
        sb.append(profileIdc).append('.');
        long reversed = Integer.toUnsignedLong(Integer.reverse((int) profileCompatibilityFlags));
        sb.append(Long.toHexString(reversed).toUpperCase(Locale.ROOT)).append('.');
        sb.append(highTier ? 'H' : 'L').append(levelIdc);
        int lastNonZero = -1;
        for (int i = 0; i < 6; i++) {
            if (constraintByte(i) != 0) {
                lastNonZero = i;
            }
        }
        for (int i = 0; i <= lastNonZero; i++) {
            sb.append('.').append(Integer.toHexString(constraintByte(i)).toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private int constraintByte(int index) {
        return (int) (constraintIndicatorFlags >>> (8 * (5 - index))) & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HevcConfig other
                && Arrays.equals(record, other.record)
                && profileSpace == other.profileSpace
                && highTier == other.highTier
                && profileIdc == other.profileIdc
                && profileCompatibilityFlags == other.profileCompatibilityFlags
                && constraintIndicatorFlags == other.constraintIndicatorFlags
                && levelIdc == other.levelIdc
                && nalLengthSize == other.nalLengthSize
                && ConfigRecords.contentEquals(vps, other.vps)
                && ConfigRecords.contentEquals(sps, other.sps)
                && ConfigRecords.contentEquals(pps, other.pps)
                && width == other.width
                && height == other.height
                && Double.compare(frameRate, other.frameRate) == 0;
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(record);
        hash = 31 * hash + Objects.hash(profileSpace, highTier, profileIdc, profileCompatibilityFlags,
                constraintIndicatorFlags, levelIdc, nalLengthSize, width, height, frameRate);
        hash = 31 * hash + ConfigRecords.contentHash(vps);
        hash = 31 * hash + ConfigRecords.contentHash(sps);
        return 31 * hash + ConfigRecords.contentHash(pps);
    }

    @Override
    public String toString() {
        return "HevcConfig[" + codecsString() + ", " + width + "x" + height + " @ " + ConfigRecords.rate(frameRate)
                + " fps, nalLengthSize=" + nalLengthSize + ", vps bytes=" + ConfigRecords.sizes(vps)
                + ", sps bytes=" + ConfigRecords.sizes(sps) + ", pps bytes=" + ConfigRecords.sizes(pps)
                + ", record " + record.length + " bytes]";
    }
}
