/**
 * Fragmented MP4 (ISO/IEC 14496-12 movie fragments, CMAF-style) for HLS: {@link
 * com.courtcast.transcoder.cmaf.InitSegmentWriter} writes the initialization segment ({@code ftyp} +
 * {@code moov}) from {@link com.courtcast.transcoder.cmaf.TrackSpec}s, {@link
 * com.courtcast.transcoder.cmaf.FragmentWriter} writes each {@code moof} + {@code mdat} from
 * {@link com.courtcast.transcoder.cmaf.TrackFragment}s of {@link com.courtcast.transcoder.cmaf.Sample}s,
 * without copying media bytes. Deciding where fragments, parts and segments are cut is the
 * packager's job, not this package's.
 */
package com.courtcast.transcoder.cmaf;
