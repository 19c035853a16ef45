package com.courtcast.common.media;

/**
 * The start of vui_parameters() that H.264 (ISO/IEC 14496-10 E.1.1) and HEVC (ITU-T H.265 E.2.1)
 * share word for word: aspect ratio, overscan, video signal type and chroma location.
 */
final class VuiPrefix {

    private VuiPrefix() {
    }

    /** Reads past the shared fields, leaving {@code r} at the first codec-specific VUI field. */
    static void skip(BitReader r) throws MediaFormatException {
        if (r.flag("aspect_ratio_info_present_flag")) {
            int aspectRatioIdc = r.bits(8, "aspect_ratio_idc");
            if (aspectRatioIdc == 255) { // Extended_SAR
                r.skipBits(32, "sar_width/sar_height");
            }
        }
        if (r.flag("overscan_info_present_flag")) {
            r.flag("overscan_appropriate_flag");
        }
        if (r.flag("video_signal_type_present_flag")) {
            r.skipBits(4, "video_format/video_full_range_flag");
            if (r.flag("colour_description_present_flag")) {
                r.skipBits(24, "colour_primaries/transfer_characteristics/matrix_coefficients");
            }
        }
        if (r.flag("chroma_loc_info_present_flag")) {
            r.ue("chroma_sample_loc_type_top_field");
            r.ue("chroma_sample_loc_type_bottom_field");
        }
    }
}
