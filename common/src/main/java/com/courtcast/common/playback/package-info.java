/**
 * Signed playback URLs for restricted hearings: one HMAC-SHA256 token format that the edge and the
 * origin both check, with the key and the list of restricted streams from configuration.
 */
package com.courtcast.common.playback;
