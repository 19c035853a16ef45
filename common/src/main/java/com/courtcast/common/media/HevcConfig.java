package com.courtcast.common.media;

import java.util.List;

/** HEVC configuration: the HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3) and its SPS facts. */
public record HevcConfig(
        byte[] record, int profileSpace, boolean highTier, int profileIdc, long profileCompatibilityFlags,
        long constraintIndicatorFlags, int levelIdc, int nalLengthSize,
        List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, int width, int height, double frameRate)
        implements VideoConfig {

    public static HevcConfig parse(byte[] record) throws MediaFormatException {
        throw new MediaFormatException("HEVC parsing arrives with the codec parsers");
    }

    @Override public Codec codec() { return Codec.HEVC; }

    @Override public String codecsString() { return ""; }
}
