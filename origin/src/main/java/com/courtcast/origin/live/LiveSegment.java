package com.courtcast.origin.live;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One segment of a live rendition as the origin holds it; guarded by the rendition's lock. */
final class LiveSegment {

    /** One part: its name, timing and bytes. */
    record LivePart(String name, double durationSeconds, boolean independent, byte[] bytes) {}

    final long msn;
    Instant programDateTime;
    final boolean discontinuity;
    final boolean independent;
    final String prefix;
    final String initName;
    final String name;
    final List<LivePart> parts = new ArrayList<>();
    boolean complete;
    long durationMicros;
    long byteCount;
    /** The durable file once recorded. */
    Path recorded;
    /** Recording was attempted and failed, or is off: memory is the only copy. */
    boolean unrecorded;
    /** Left the playlist window. */
    boolean outOfWindow;

    LiveSegment(long msn, Instant programDateTime, boolean discontinuity, boolean independent, String prefix,
                String initName, String name) {
        this.msn = msn;
        this.programDateTime = programDateTime;
        this.discontinuity = discontinuity;
        this.independent = independent;
        this.prefix = prefix;
        this.initName = initName;
        this.name = name;
    }

    double durationSeconds() {
        return durationMicros / 1_000_000.0;
    }

    List<byte[]> partBytes() {
        List<byte[]> chunks = new ArrayList<>(parts.size());
        for (LivePart part : parts) {
            chunks.add(part.bytes());
        }
        return chunks;
    }
}
