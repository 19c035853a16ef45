package com.courtcast.common.media;

/**
 * The facts CourtCast needs from an HEVC sequence parameter set (ITU-T H.265 7.3.2.2.1).
 *
 * <p>Strict up to the conformance window and bit depths, which give the picture size. Reaching
 * the VUI timing info means walking the sub-layer ordering info, scaling lists, PCM, short-term
 * reference picture sets (with inter-RPS prediction) and long-term references; that walk is best
 * effort: when it fails the frame rate is reported as 0 rather than refusing a stream whose
 * picture size is known.
 */
record HevcSps(int chromaFormatIdc, int bitDepthLuma, int bitDepthChroma, int width, int height, double frameRate) {

    private static final String STRUCTURE = "HEVC SPS";
    static final int NAL_TYPE_SPS = 33;
    /** Sanity bound on picture dimensions, far above any level's MaxLumaPs. */
    private static final int MAX_DIMENSION = 65536;
    /** sps_max_dec_pic_buffering_minus1 + 1 can be at most 16 (MaxDpbSize), bounding RPS sizes. */
    private static final int MAX_DPB_SIZE = 16;

    static HevcSps parse(byte[] nal) throws MediaFormatException {
        BitReader r = new BitReader(STRUCTURE, ConfigRecords.unescape(nal));
        r.bits(1, "forbidden_zero_bit", 0, 0);
        int nalType = r.bits(6, "nal_unit_type");
        if (nalType != NAL_TYPE_SPS) {
            throw r.error("nal_unit_type is " + nalType + ", expected " + NAL_TYPE_SPS);
        }
        // Only base-layer SPSs (nuh_layer_id 0) are passed in; later layers use another syntax.
        r.bits(6, "nuh_layer_id", 0, 0);
        r.skipBits(3, "nuh_temporal_id_plus1");

        r.skipBits(4, "sps_video_parameter_set_id");
        int maxSubLayersMinus1 = r.bits(3, "sps_max_sub_layers_minus1", 0, 6);
        r.flag("sps_temporal_id_nesting_flag");
        skipProfileTierLevel(r, maxSubLayersMinus1);
        r.ue("sps_seq_parameter_set_id", 0, 15);
        int chromaFormatIdc = r.ue("chroma_format_idc", 0, 3);
        boolean separateColourPlanes = chromaFormatIdc == 3 && r.flag("separate_colour_plane_flag");
        int codedWidth = r.ue("pic_width_in_luma_samples", 1, MAX_DIMENSION);
        int codedHeight = r.ue("pic_height_in_luma_samples", 1, MAX_DIMENSION);
        int width = codedWidth;
        int height = codedHeight;
        if (r.flag("conformance_window_flag")) {
            int left = r.ue("conf_win_left_offset");
            int right = r.ue("conf_win_right_offset");
            int top = r.ue("conf_win_top_offset");
            int bottom = r.ue("conf_win_bottom_offset");
            // Offsets are in chroma sample units (Table 6-1); ChromaArrayType 0 counts luma samples.
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormatIdc;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            long cropX = (long) subWidthC * ((long) left + right);
            long cropY = (long) subHeightC * ((long) top + bottom);
            if (cropX >= codedWidth) {
                throw r.error("conformance window (left " + left + ", right " + right + ") removes the whole "
                        + codedWidth + "-pixel coded width");
            }
            if (cropY >= codedHeight) {
                throw r.error("conformance window (top " + top + ", bottom " + bottom + ") removes the whole "
                        + codedHeight + "-pixel coded height");
            }
            width = codedWidth - (int) cropX;
            height = codedHeight - (int) cropY;
        }
        int bitDepthLuma = 8 + r.ue("bit_depth_luma_minus8", 0, 8);
        int bitDepthChroma = 8 + r.ue("bit_depth_chroma_minus8", 0, 8);

        double frameRate;
        try {
            frameRate = frameRateAfterBitDepth(r, maxSubLayersMinus1);
        } catch (MediaFormatException unreadableTail) {
            frameRate = 0;
        }
        return new HevcSps(chromaFormatIdc, bitDepthLuma, bitDepthChroma, width, height, frameRate);
    }

    /**
     * profile_tier_level(1, sps_max_sub_layers_minus1) (7.3.3): the general part is a fixed 96 bits;
     * each sub-layer adds 88 profile bits and 8 level bits when its present flags say so.
     */
    static void skipProfileTierLevel(BitReader r, int maxSubLayersMinus1) throws MediaFormatException {
        r.skipBits(88, "general_profile_space..general_inbld_flag");
        r.skipBits(8, "general_level_idc");
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag("sub_layer_profile_present_flag");
            levelPresent[i] = r.flag("sub_layer_level_present_flag");
        }
        if (maxSubLayersMinus1 > 0) {
            r.skipBits(2L * (8 - maxSubLayersMinus1), "reserved_zero_2bits");
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skipBits(88, "sub_layer_profile_space..sub_layer_inbld_flag");
            }
            if (levelPresent[i]) {
                r.skipBits(8, "sub_layer_level_idc");
            }
        }
    }

    /** Walks from log2_max_pic_order_cnt_lsb_minus4 to the VUI timing info; 0 when there is none. */
    private static double frameRateAfterBitDepth(BitReader r, int maxSubLayersMinus1) throws MediaFormatException {
        int log2MaxPocLsb = 4 + r.ue("log2_max_pic_order_cnt_lsb_minus4", 0, 12);
        boolean orderingInfoForAll = r.flag("sps_sub_layer_ordering_info_present_flag");
        for (int i = orderingInfoForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.ue("sps_max_dec_pic_buffering_minus1", 0, MAX_DPB_SIZE - 1);
            r.ue("sps_max_num_reorder_pics", 0, MAX_DPB_SIZE - 1);
            r.ue("sps_max_latency_increase_plus1");
        }
        r.ue("log2_min_luma_coding_block_size_minus3", 0, 3);
        r.ue("log2_diff_max_min_luma_coding_block_size", 0, 3);
        r.ue("log2_min_luma_transform_block_size_minus2", 0, 3);
        r.ue("log2_diff_max_min_luma_transform_block_size", 0, 3);
        r.ue("max_transform_hierarchy_depth_inter", 0, 4);
        r.ue("max_transform_hierarchy_depth_intra", 0, 4);
        if (r.flag("scaling_list_enabled_flag") && r.flag("sps_scaling_list_data_present_flag")) {
            skipScalingListData(r);
        }
        r.flag("amp_enabled_flag");
        r.flag("sample_adaptive_offset_enabled_flag");
        if (r.flag("pcm_enabled_flag")) {
            r.skipBits(8, "pcm_sample_bit_depth_luma_minus1/chroma_minus1");
            r.ue("log2_min_pcm_luma_coding_block_size_minus3", 0, 2);
            r.ue("log2_diff_max_min_pcm_luma_coding_block_size", 0, 2);
            r.flag("pcm_loop_filter_disabled_flag");
        }
        int rpsCount = r.ue("num_short_term_ref_pic_sets", 0, 64);
        int[] deltaPocCounts = new int[rpsCount];
        for (int i = 0; i < rpsCount; i++) {
            deltaPocCounts[i] = skipShortTermRefPicSet(r, i, deltaPocCounts);
        }
        if (r.flag("long_term_ref_pics_present_flag")) {
            int longTermCount = r.ue("num_long_term_ref_pics_sps", 0, 32);
            r.skipBits((long) longTermCount * (log2MaxPocLsb + 1),
                    "lt_ref_pic_poc_lsb_sps/used_by_curr_pic_lt_sps_flag");
        }
        r.flag("sps_temporal_mvp_enabled_flag");
        r.flag("strong_intra_smoothing_enabled_flag");
        if (!r.flag("vui_parameters_present_flag")) {
            return 0;
        }
        return vuiFrameRate(r);
    }

    /** scaling_list_data() (7.3.4). */
    private static void skipScalingListData(BitReader r) throws MediaFormatException {
        for (int sizeId = 0; sizeId < 4; sizeId++) {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
                if (!r.flag("scaling_list_pred_mode_flag")) {
                    r.ue("scaling_list_pred_matrix_id_delta", 0, matrixId);
                } else {
                    int coefficients = Math.min(64, 1 << (4 + (sizeId << 1)));
                    if (sizeId > 1) {
                        r.se("scaling_list_dc_coef_minus8", -7, 247);
                    }
                    for (int i = 0; i < coefficients; i++) {
                        r.se("scaling_list_delta_coef", -128, 127);
                    }
                }
            }
        }
    }

    /**
     * st_ref_pic_set(stRpsIdx) (7.3.7) as it appears in the SPS; returns NumDeltaPocs[stRpsIdx]
     * (7-61, 7-62), which a later set predicted from this one needs to know how many flags to read.
     */
    private static int skipShortTermRefPicSet(BitReader r, int index, int[] deltaPocCounts)
            throws MediaFormatException {
        if (index != 0 && r.flag("inter_ref_pic_set_prediction_flag")) {
            // In the SPS delta_idx_minus1 is absent (inferred 0): the reference is the previous set.
            r.flag("delta_rps_sign");
            r.ue("abs_delta_rps_minus1", 0, 32767);
            int referenced = deltaPocCounts[index - 1];
            int count = 0;
            for (int j = 0; j <= referenced; j++) {
                boolean usedByCurrPic = r.flag("used_by_curr_pic_flag");
                // use_delta_flag is inferred to be 1 when absent; each set flag adds one picture.
                if (usedByCurrPic || r.flag("use_delta_flag")) {
                    count++;
                }
            }
            if (count > MAX_DPB_SIZE) {
                throw r.error("short-term reference picture set " + index + " has " + count + " pictures");
            }
            return count;
        }
        int negative = r.ue("num_negative_pics", 0, MAX_DPB_SIZE);
        int positive = r.ue("num_positive_pics", 0, MAX_DPB_SIZE - negative);
        for (int i = 0; i < negative + positive; i++) {
            r.ue("delta_poc_minus1", 0, 32767);
            r.flag("used_by_curr_pic_flag");
        }
        return negative + positive;
    }

    /** vui_parameters() (E.2.1) up to the timing info. */
    private static double vuiFrameRate(BitReader r) throws MediaFormatException {
        VuiPrefix.skip(r);
        r.skipBits(3, "neutral_chroma_indication_flag/field_seq_flag/frame_field_info_present_flag");
        if (r.flag("default_display_window_flag")) {
            r.ue("def_disp_win_left_offset");
            r.ue("def_disp_win_right_offset");
            r.ue("def_disp_win_top_offset");
            r.ue("def_disp_win_bottom_offset");
        }
        if (!r.flag("vui_timing_info_present_flag")) {
            return 0;
        }
        long numUnitsInTick = r.bitsLong(32, "vui_num_units_in_tick");
        long timeScale = r.bitsLong(32, "vui_time_scale");
        if (numUnitsInTick == 0 || timeScale == 0) {
            return 0;
        }
        // In HEVC one tick is one picture (E.3.1), unlike H.264's field ticks.
        return (double) timeScale / numUnitsInTick;
    }
}
