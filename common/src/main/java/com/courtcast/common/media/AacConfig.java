package com.courtcast.common.media;

/** AAC configuration: the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1). */
public record AacConfig(byte[] record, int audioObjectType, int sampleRate, int channelCount)
        implements CodecConfig {

    public static AacConfig parse(byte[] record) throws MediaFormatException {
        throw new MediaFormatException("AAC parsing arrives with the codec parsers");
    }

    @Override public Codec codec() { return Codec.AAC; }

    @Override public String codecsString() { return ""; }
}
