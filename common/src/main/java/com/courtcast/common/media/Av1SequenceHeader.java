package com.courtcast.common.media;

/**
 * The facts CourtCast needs from an AV1 sequence header OBU (AV1 bitstream spec 5.5.1), read up to
 * max_frame_height_minus_1.
 *
 * <p>AV1 has no cropping in the sequence header: the size here is the largest frame size of the
 * sequence (max_frame_width_minus_1 + 1). Frame headers may code smaller frames or signal a
 * different render size; for the usual single-resolution live encode the two agree.
 */
record Av1SequenceHeader(int seqProfile, int width, int height, double frameRate) {

    private static final String STRUCTURE = "AV1 sequence header";

    /** @param payload the OBU payload, after the OBU header and size */
    static Av1SequenceHeader parse(byte[] payload, int offset, int length) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, payload, offset, length);
        int seqProfile = r.bits(3, "seq_profile", 0, 2);
        r.flag("still_picture");
        boolean reducedStillPictureHeader = r.flag("reduced_still_picture_header");
        double frameRate = 0;
        if (reducedStillPictureHeader) {
            r.skipBits(5, "seq_level_idx[0]");
        } else {
            boolean decoderModelInfoPresent = false;
            int bufferDelayLength = 0;
            if (r.flag("timing_info_present_flag")) {
                long numUnitsInDisplayTick = r.bitsLong(32, "num_units_in_display_tick");
                long timeScale = r.bitsLong(32, "time_scale");
                if (r.flag("equal_picture_interval")) {
                    long ticksPerPicture = r.uvlc("num_ticks_per_picture_minus_1") + 1;
                    if (numUnitsInDisplayTick > 0 && timeScale > 0) {
                        frameRate = timeScale / ((double) numUnitsInDisplayTick * ticksPerPicture);
                    }
                }
                decoderModelInfoPresent = r.flag("decoder_model_info_present_flag");
                if (decoderModelInfoPresent) {
                    bufferDelayLength = r.bits(5, "buffer_delay_length_minus_1") + 1;
                    r.skipBits(32, "num_units_in_decoding_tick");
                    r.skipBits(10, "buffer_removal_time_length_minus_1/frame_presentation_time_length_minus_1");
                }
            }
            boolean initialDisplayDelayPresent = r.flag("initial_display_delay_present_flag");
            int operatingPoints = r.bits(5, "operating_points_cnt_minus_1") + 1;
            for (int i = 0; i < operatingPoints; i++) {
                r.skipBits(12, "operating_point_idc");
                int seqLevelIdx = r.bits(5, "seq_level_idx");
                if (seqLevelIdx > 7) {
                    r.flag("seq_tier");
                }
                if (decoderModelInfoPresent && r.flag("decoder_model_present_for_this_op")) {
                    r.skipBits(2L * bufferDelayLength + 1,
                            "decoder_buffer_delay/encoder_buffer_delay/low_delay_mode_flag");
                }
                if (initialDisplayDelayPresent && r.flag("initial_display_delay_present_for_this_op")) {
                    r.skipBits(4, "initial_display_delay_minus_1");
                }
            }
        }
        int widthBits = r.bits(4, "frame_width_bits_minus_1") + 1;
        int heightBits = r.bits(4, "frame_height_bits_minus_1") + 1;
        int width = r.bits(widthBits, "max_frame_width_minus_1") + 1;
        int height = r.bits(heightBits, "max_frame_height_minus_1") + 1;
        return new Av1SequenceHeader(seqProfile, width, height, frameRate);
    }
}
