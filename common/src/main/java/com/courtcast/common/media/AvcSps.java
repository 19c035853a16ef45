package com.courtcast.common.media;

/**
 * The facts CourtCast needs from an H.264 sequence parameter set (ISO/IEC 14496-10 7.3.2.1.1).
 *
 * <p>Everything up to the VUI is parsed strictly, because the picture size depends on it. The
 * VUI (Annex E) is only read for its timing info and is best effort: encoders in the wild emit
 * truncated or malformed VUI that decoders tolerate, and a missing frame rate must not refuse a
 * publish, so a VUI that cannot be read yields a frame rate of 0.
 */
record AvcSps(
        int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc, int bitDepthLuma,
        int bitDepthChroma, boolean frameMbsOnly, int width, int height, double frameRate) {

    private static final String STRUCTURE = "H.264 SPS";
    private static final int NAL_TYPE_SPS = 7;
    /** Sanity bound for picture dimensions in macroblocks (65536 pixels), well above level 6.2. */
    private static final int MAX_MBS_MINUS1 = 4095;

    static AvcSps parse(byte[] nal) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, ConfigRecords.unescape(nal));
        r.bits(1, "forbidden_zero_bit", 0, 0);
        r.skipBits(2, "nal_ref_idc");
        int nalType = r.bits(5, "nal_unit_type");
        if (nalType != NAL_TYPE_SPS) {
            throw r.error("nal_unit_type is " + nalType + ", expected " + NAL_TYPE_SPS);
        }
        int profileIdc = r.bits(8, "profile_idc");
        int constraintFlags = r.bits(8, "constraint_set_flags");
        int levelIdc = r.bits(8, "level_idc");
        r.ue("seq_parameter_set_id", 0, 31);

        int chromaFormatIdc = 1;
        boolean separateColourPlanes = false;
        int bitDepthLuma = 8;
        int bitDepthChroma = 8;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.ue("chroma_format_idc", 0, 3);
            if (chromaFormatIdc == 3) {
                separateColourPlanes = r.flag("separate_colour_plane_flag");
            }
            bitDepthLuma = 8 + r.ue("bit_depth_luma_minus8", 0, 6);
            bitDepthChroma = 8 + r.ue("bit_depth_chroma_minus8", 0, 6);
            r.flag("qpprime_y_zero_transform_bypass_flag");
            if (r.flag("seq_scaling_matrix_present_flag")) {
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag("seq_scaling_list_present_flag")) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        r.ue("log2_max_frame_num_minus4", 0, 12);
        int pocType = r.ue("pic_order_cnt_type", 0, 2);
        if (pocType == 0) {
            r.ue("log2_max_pic_order_cnt_lsb_minus4", 0, 12);
        } else if (pocType == 1) {
            r.flag("delta_pic_order_always_zero_flag");
            r.se("offset_for_non_ref_pic");
            r.se("offset_for_top_to_bottom_field");
            int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 0, 255);
            for (int i = 0; i < cycle; i++) {
                r.se("offset_for_ref_frame");
            }
        }
        r.ue("max_num_ref_frames");
        r.flag("gaps_in_frame_num_value_allowed_flag");
        int widthInMbs = r.ue("pic_width_in_mbs_minus1", 0, MAX_MBS_MINUS1) + 1;
        int heightInMapUnits = r.ue("pic_height_in_map_units_minus1", 0, MAX_MBS_MINUS1) + 1;
        boolean frameMbsOnly = r.flag("frame_mbs_only_flag");
        if (!frameMbsOnly) {
            r.flag("mb_adaptive_frame_field_flag");
        }
        r.flag("direct_8x8_inference_flag");

        int codedWidth = widthInMbs * 16;
        int codedHeight = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16;
        int width = codedWidth;
        int height = codedHeight;
        if (r.flag("frame_cropping_flag")) {
            int left = r.ue("frame_crop_left_offset");
            int right = r.ue("frame_crop_right_offset");
            int top = r.ue("frame_crop_top_offset");
            int bottom = r.ue("frame_crop_bottom_offset");
            // Crop offsets count chroma sample units (7-19 .. 7-22); with a single colour plane
            // (ChromaArrayType 0) they count luma samples.
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormatIdc;
            int cropUnitX = chromaArrayType == 0 ? 1 : (chromaArrayType == 3 ? 1 : 2);
            int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            long cropX = (long) cropUnitX * ((long) left + right);
            long cropY = (long) cropUnitY * ((long) top + bottom);
            if (cropX >= codedWidth) {
                throw r.error("frame cropping (left " + left + ", right " + right + ") removes the whole "
                        + codedWidth + "-pixel coded width");
            }
            if (cropY >= codedHeight) {
                throw r.error("frame cropping (top " + top + ", bottom " + bottom + ") removes the whole "
                        + codedHeight + "-pixel coded height");
            }
            width = codedWidth - (int) cropX;
            height = codedHeight - (int) cropY;
        }

        double frameRate = 0;
        if (r.flag("vui_parameters_present_flag")) {
            try {
                frameRate = vuiFrameRate(r);
            } catch (MediaFormatException malformedVui) {
                frameRate = 0;
            }
        }
        return new AvcSps(profileIdc, constraintFlags, levelIdc, chromaFormatIdc, bitDepthLuma, bitDepthChroma,
                frameMbsOnly, width, height, frameRate);
    }

    /** Profiles whose SPS carries chroma format, bit depth and scaling lists (7.3.2.1.1). */
    private static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list() (7.3.2.1.1.1): only walked, the values do not matter here. */
    private static void skipScalingList(BitReader r, int size) throws MediaFormatException {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && nextScale != 0; j++) {
            int delta = r.se("delta_scale", -128, 127);
            nextScale = (lastScale + delta + 256) % 256;
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /** vui_parameters() (E.1.1) up to the timing info; 0 when there is none. */
    private static double vuiFrameRate(BitReader r) throws MediaFormatException {
        VuiPrefix.skip(r);
        if (!r.flag("timing_info_present_flag")) {
            return 0;
        }
        long numUnitsInTick = r.bitsLong(32, "num_units_in_tick");
        long timeScale = r.bitsLong(32, "time_scale");
        if (numUnitsInTick == 0 || timeScale == 0) {
            return 0;
        }
        // One frame is two field ticks (E.2.1, equation E-1 with frame doubling off).
        return timeScale / (2.0 * numUnitsInTick);
    }
}
