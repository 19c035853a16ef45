/**
 * The transcoding stage: an FFmpeg (JavaCV) ladder that decodes once and encodes each rung, and the
 * CMAF fMP4 segmenter and part packager that turns access units into LL-HLS media. It consumes
 * {@link com.courtcast.common.media.MediaSink} events from ingest and never runs on the ingest path.
 */
package com.courtcast.transcoder;
