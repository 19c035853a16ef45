package com.courtcast.common.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * H.264 configuration: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3) and its SPS facts.
 *
 * <p>Profile, constraint flags and level come from the record header (they are what the "avc1"
 * codecs string carries); width, height and frame rate come from the first SPS. {@code sps} and
 * {@code pps} hold NAL units without length prefix and with emulation prevention bytes intact.
 */
public record AvcConfig(
        byte[] record, int profileIdc, int constraintFlags, int levelIdc, int nalLengthSize,
        List<byte[]> sps, List<byte[]> pps, int width, int height, double frameRate) implements VideoConfig {

    private static final String STRUCTURE = "H.264 avcC";

    public AvcConfig {
        Objects.requireNonNull(record, "record");
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
    }

    /**
     * Parses an avcC payload (the body of an FLV AVC sequence header) and its first SPS.
     *
     * @throws MediaFormatException if the record or the SPS is truncated or invalid; the message
     *     names the field
     */
    public static AvcConfig parse(byte[] record) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, record);
        int version = r.bits(8, "configurationVersion");
        if (version != 1) {
            throw r.error("configurationVersion is " + version + ", expected 1");
        }
        int profileIdc = r.bits(8, "AVCProfileIndication");
        int constraintFlags = r.bits(8, "profile_compatibility");
        int levelIdc = r.bits(8, "AVCLevelIndication");
        r.skipBits(6, "reserved");
        int nalLengthSize = r.bits(2, "lengthSizeMinusOne") + 1;
        if (nalLengthSize == 3) {
            throw r.error("lengthSizeMinusOne is 2; NAL unit lengths of 3 bytes are not allowed (1, 2 or 4)");
        }
        r.skipBits(3, "reserved");
        int spsCount = r.bits(5, "numOfSequenceParameterSets");
        if (spsCount == 0) {
            throw r.error("numOfSequenceParameterSets is 0; the record carries no SPS");
        }
        List<byte[]> sps = readNalUnits(r, spsCount, "sequenceParameterSetLength", "sequenceParameterSetNALUnit");
        int ppsCount = r.bits(8, "numOfPictureParameterSets");
        List<byte[]> pps = readNalUnits(r, ppsCount, "pictureParameterSetLength", "pictureParameterSetNALUnit");
        // Any trailing High-profile extension (chroma_format, bit depths, SPS-ext) repeats what
        // the SPS says, and muxers often omit it: not read.

        AvcSps first = AvcSps.parse(sps.get(0));
        return new AvcConfig(record, profileIdc, constraintFlags, levelIdc, nalLengthSize, sps, pps,
                first.width(), first.height(), first.frameRate());
    }

    private static List<byte[]> readNalUnits(BitReader r, int count, String lengthField, String unitField)
            throws MediaFormatException {
        List<byte[]> units = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = r.bits(16, lengthField);
            if (length == 0) {
                throw r.error(lengthField + " is 0");
            }
            units.add(r.bytes(length, unitField));
        }
        return units;
    }

    @Override public Codec codec() { return Codec.H264; }

    /** RFC 6381 / ISO/IEC 14496-15 Annex E: {@code avc1.PPCCLL} in upper-case hex, e.g. {@code avc1.64001F}. */
    @Override
    public String codecsString() {
        return String.format(Locale.ROOT, "avc1.%02X%02X%02X", profileIdc, constraintFlags, levelIdc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvcConfig other
                && Arrays.equals(record, other.record)
                && profileIdc == other.profileIdc
                && constraintFlags == other.constraintFlags
                && levelIdc == other.levelIdc
                && nalLengthSize == other.nalLengthSize
                && ConfigRecords.contentEquals(sps, other.sps)
                && ConfigRecords.contentEquals(pps, other.pps)
                && width == other.width
                && height == other.height
                && Double.compare(frameRate, other.frameRate) == 0;
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(record);
        hash = 31 * hash + Objects.hash(profileIdc, constraintFlags, levelIdc, nalLengthSize, width, height,
                frameRate);
        hash = 31 * hash + ConfigRecords.contentHash(sps);
        return 31 * hash + ConfigRecords.contentHash(pps);
    }

    @Override
    public String toString() {
        return "AvcConfig[" + codecsString() + ", " + width + "x" + height + " @ " + ConfigRecords.rate(frameRate)
                + " fps, nalLengthSize=" + nalLengthSize + ", sps bytes=" + ConfigRecords.sizes(sps)
                + ", pps bytes=" + ConfigRecords.sizes(pps) + ", record " + record.length + " bytes]";
    }
}
