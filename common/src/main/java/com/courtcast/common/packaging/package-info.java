/**
 * What a packager hands to whoever stores and serves packaged media (the origin): init segments,
 * parts as they complete, and segment boundaries, one {@link com.courtcast.common.packaging.SegmentSink}
 * per rendition. Names and numbering are the packager's; URLs and playlists are the origin's.
 */
package com.courtcast.common.packaging;
