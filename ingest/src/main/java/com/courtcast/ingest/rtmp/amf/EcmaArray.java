package com.courtcast.ingest.rtmp.amf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Asks {@link Amf0Encoder} for an ECMA array (marker 0x08) rather than an object: the form
 * players expect for {@code onMetaData}. Decoding yields a plain map for both.
 *
 * @param entries the key/value pairs in encoding order; copied, values may be {@code null}
 */
public record EcmaArray(Map<String, ?> entries) {

    /** Copies the entries, keeping their iteration order. */
    public EcmaArray {
        Objects.requireNonNull(entries, "entries");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
