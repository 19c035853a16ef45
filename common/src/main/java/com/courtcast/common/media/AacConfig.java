package com.courtcast.common.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * AAC configuration: the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1).
 *
 * <p>For HE-AAC (SBR) and HE-AACv2 (SBR + PS) the components describe what a decoder outputs:
 * {@code audioObjectType} is the core object type (2 for AAC-LC under SBR), {@code sampleRate} is
 * the SBR output rate and {@code channelCount} counts the stereo that PS rebuilds from a mono core.
 * Both explicit signalling (object type 5 or 29 first, 1.6.5.2) and backward-compatible signalling
 * (sync extension 0x2B7 after the core config, 1.6.5.3) are understood; implicit signalling
 * (nothing in the config) cannot be seen here and reports the core rate.
 */
public record AacConfig(byte[] record, int audioObjectType, int sampleRate, int channelCount)
        implements CodecConfig {

    private static final String STRUCTURE = "AAC AudioSpecificConfig";
    private static final int AOT_SBR = 5;
    private static final int AOT_PS = 29;
    private static final int AOT_ER_BSAC = 22;
    private static final int SYNC_EXTENSION_SBR = 0x2B7;
    private static final int SYNC_EXTENSION_PS = 0x548;
    /** Table 1.18, samplingFrequencyIndex 0..12; 13 and 14 are reserved, 15 escapes. */
    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    };
    /** Table 1.19 (and 23003-3 additions): channels per channelConfiguration; -1 reserved. */
    private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, -1, -1, -1, 7, 8, 24, 8, -1};

    public AacConfig {
        Objects.requireNonNull(record, "record");
    }

    /**
     * Parses an AudioSpecificConfig (the body of an FLV AAC sequence header).
     *
     * @throws MediaFormatException if it is truncated or uses a reserved value; the message names
     *     the field
     */
    public static AacConfig parse(byte[] record) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, record);
        int objectType = readObjectType(r, "audioObjectType");
        int sampleRate = readSampleRate(r, "samplingFrequencyIndex", "samplingFrequency");
        int channelConfiguration = r.bits(4, "channelConfiguration");
        int extensionRate = 0;
        boolean sbr = false;
        boolean ps = false;
        if (objectType == AOT_SBR || objectType == AOT_PS) {
            sbr = true;
            ps = objectType == AOT_PS;
            extensionRate = readSampleRate(r, "extensionSamplingFrequencyIndex", "extensionSamplingFrequency");
            objectType = readObjectType(r, "audioObjectType (core)");
            if (objectType == AOT_ER_BSAC) {
                r.skipBits(4, "extensionChannelConfiguration");
            }
        }
        int channels = channelCount(r, channelConfiguration);
        if (isGeneralAudio(objectType)) {
            channels = readGaSpecificConfig(r, objectType, channelConfiguration, channels);
            if (!sbr) {
                // Backward-compatible signalling: an LC decoder stops before these bits.
                if (r.bitsLeft() >= 16 && r.bits(11, "syncExtensionType") == SYNC_EXTENSION_SBR) {
                    int extensionType = readObjectType(r, "extensionAudioObjectType");
                    if (extensionType == AOT_SBR && r.flag("sbrPresentFlag")) {
                        sbr = true;
                        extensionRate = readSampleRate(r, "extensionSamplingFrequencyIndex",
                                "extensionSamplingFrequency");
                        if (r.bitsLeft() >= 12 && r.bits(11, "syncExtensionType") == SYNC_EXTENSION_PS) {
                            ps = r.flag("psPresentFlag");
                        }
                    }
                }
            }
        }
        if (ps && channels == 1) {
            channels = 2; // parametric stereo decodes a mono core to stereo
        }
        return new AacConfig(record, objectType, sbr ? extensionRate : sampleRate, channels);
    }

    /** GetAudioObjectType() (1.6.2.1): 5 bits, 31 escapes to 32 + 6 more bits. */
    private static int readObjectType(BitReader r, String field) throws MediaFormatException {
        int type = r.bits(5, field);
        if (type == 31) {
            type = 32 + r.bits(6, field + " (audioObjectTypeExt)");
        }
        if (type == 0) {
            throw r.error(field + " is 0 (null object)");
        }
        return type;
    }

    private static int readSampleRate(BitReader r, String indexField, String explicitField)
            throws MediaFormatException {
        int index = r.bits(4, indexField);
        if (index == 0xF) {
            int rate = r.bits(24, explicitField);
            if (rate == 0) {
                throw r.error(explicitField + " is 0");
            }
            return rate;
        }
        if (index >= SAMPLE_RATES.length) {
            throw r.error(indexField + " " + index + " is reserved");
        }
        return SAMPLE_RATES[index];
    }

    private static int channelCount(BitReader r, int channelConfiguration) throws MediaFormatException {
        int channels = CHANNELS[channelConfiguration];
        if (channels < 0) {
            throw r.error("channelConfiguration " + channelConfiguration + " is reserved");
        }
        return channels;
    }

    /** Object types whose config is a GASpecificConfig (Table 1.15). */
    private static boolean isGeneralAudio(int objectType) {
        return switch (objectType) {
            case 1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23 -> true;
            default -> false;
        };
    }

    /**
     * GASpecificConfig() (4.4.1); returns the channel count, which for channelConfiguration 0 comes
     * from the program_config_element.
     */
    private static int readGaSpecificConfig(BitReader r, int objectType, int channelConfiguration, int channels)
            throws MediaFormatException {
        r.flag("frameLengthFlag");
        if (r.flag("dependsOnCoreCoder")) {
            r.skipBits(14, "coreCoderDelay");
        }
        boolean extensionFlag = r.flag("extensionFlag");
        if (channelConfiguration == 0) {
            channels = readProgramConfigElement(r);
        }
        if (objectType == 6 || objectType == 20) {
            r.skipBits(3, "layerNr");
        }
        if (extensionFlag) {
            if (objectType == AOT_ER_BSAC) {
                r.skipBits(16, "numOfSubFrame/layer_length");
            }
            if (objectType == 17 || objectType == 19 || objectType == 20 || objectType == 23) {
                r.skipBits(3, "aacSectionDataResilienceFlag..aacSpectralDataResilienceFlag");
            }
            r.flag("extensionFlag3");
        }
        return channels;
    }

    /** program_config_element() (4.4.1.1): counts front/side/back channels (CPE = 2) and LFEs. */
    private static int readProgramConfigElement(BitReader r) throws MediaFormatException {
        r.skipBits(10, "element_instance_tag/object_type/sampling_frequency_index");
        int front = r.bits(4, "num_front_channel_elements");
        int side = r.bits(4, "num_side_channel_elements");
        int back = r.bits(4, "num_back_channel_elements");
        int lfe = r.bits(2, "num_lfe_channel_elements");
        int assocData = r.bits(3, "num_assoc_data_elements");
        int validCc = r.bits(4, "num_valid_cc_elements");
        if (r.flag("mono_mixdown_present")) {
            r.skipBits(4, "mono_mixdown_element_number");
        }
        if (r.flag("stereo_mixdown_present")) {
            r.skipBits(4, "stereo_mixdown_element_number");
        }
        if (r.flag("matrix_mixdown_idx_present")) {
            r.skipBits(3, "matrix_mixdown_idx/pseudo_surround_enable");
        }
        int channels = lfe;
        for (int i = 0; i < front + side + back; i++) {
            channels += r.flag("channel_element_is_cpe") ? 2 : 1;
            r.skipBits(4, "channel_element_tag_select");
        }
        r.skipBits(4L * lfe, "lfe_element_tag_select");
        r.skipBits(4L * assocData, "assoc_data_element_tag_select");
        r.skipBits(5L * validCc, "cc_element_is_ind_sw/valid_cc_element_tag_select");
        r.byteAlign(); // relative to the AudioSpecificConfig start, which is byte aligned here
        int commentBytes = r.bits(8, "comment_field_bytes");
        r.skipBits(8L * commentBytes, "comment_field_data");
        if (channels == 0) {
            throw r.error("program_config_element declares no channels");
        }
        return channels;
    }

    @Override public Codec codec() { return Codec.AAC; }

    /**
     * RFC 6381 {@code mp4a.40.<object type>} with the object type the config signals first: 5 or 29
     * for explicitly signalled HE-AAC(v2), which players need to know; otherwise the core type
     * (implicit and backward-compatible HE-AAC stay playable as {@code mp4a.40.2}).
     */
    @Override
    public String codecsString() {
        int signalled = record.length > 0 ? (record[0] & 0xFF) >>> 3 : 0;
        int type = signalled == AOT_SBR || signalled == AOT_PS ? signalled : audioObjectType;
        return "mp4a.40." + type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AacConfig other
                && Arrays.equals(record, other.record)
                && audioObjectType == other.audioObjectType
                && sampleRate == other.sampleRate
                && channelCount == other.channelCount;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(record) + Objects.hash(audioObjectType, sampleRate, channelCount);
    }

    @Override
    public String toString() {
        return "AacConfig[" + codecsString() + ", object type " + audioObjectType + ", " + sampleRate + " Hz, "
                + channelCount + " ch, record " + ConfigRecords.describe(record) + "]";
    }
}
