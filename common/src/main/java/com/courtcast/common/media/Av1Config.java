package com.courtcast.common.media;

/** AV1 configuration: the AV1CodecConfigurationRecord (av1C) and its sequence header facts. */
public record Av1Config(
        byte[] record, int seqProfile, int seqLevelIdx, boolean highTier, int bitDepth, boolean monochrome,
        int chromaSubsamplingX, int chromaSubsamplingY, int width, int height, double frameRate)
        implements VideoConfig {

    public static Av1Config parse(byte[] record) throws MediaFormatException {
        throw new MediaFormatException("AV1 parsing arrives with the codec parsers");
    }

    @Override public Codec codec() { return Codec.AV1; }

    @Override public String codecsString() { return ""; }
}
