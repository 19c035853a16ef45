package com.courtcast.common.media;

import java.util.List;

/** H.264 configuration: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3) and its SPS facts. */
public record AvcConfig(
        byte[] record, int profileIdc, int constraintFlags, int levelIdc, int nalLengthSize,
        List<byte[]> sps, List<byte[]> pps, int width, int height, double frameRate) implements VideoConfig {

    public static AvcConfig parse(byte[] record) throws MediaFormatException {
        throw new MediaFormatException("AVC parsing arrives with the codec parsers");
    }

    @Override public Codec codec() { return Codec.H264; }

    @Override public String codecsString() { return ""; }
}
