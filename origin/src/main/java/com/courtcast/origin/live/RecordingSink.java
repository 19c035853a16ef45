package com.courtcast.origin.live;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a live rendition's media goes to be kept: one per hearing (live event) and rendition.
 * Calls return at once; disk work happens elsewhere.
 */
public interface RecordingSink {

    /** The hearing's recording this sink writes to, or null when nothing is recorded. */
    String recordingId();

    void writeInit(String fileName, byte[] bytes);

    /**
     * Writes a segment durably; completes with its file once it is on disk and listed in the
     * recording, exceptionally when it could not be written.
     */
    CompletableFuture<Path> writeSegment(String fileName, String initFileName, long msn, long durationMicros,
                                         Instant programDateTime, boolean discontinuity, List<byte[]> parts);

    /** The hearing ended: no more segments. */
    void end();

    /** Starts recording one rendition of a new hearing. */
    @FunctionalInterface
    interface Factory {
        /** Records nothing. */
        Factory NONE = (stream, rendition) -> RecordingSink.NONE;

        /**
         * Starts recording one rendition of a new hearing; renditions of a stream started while
         * its hearing is recording join that recording.
         */
        RecordingSink start(String stream, String rendition);
    }

    /** Records nothing (recording switched off). */
    RecordingSink NONE = new RecordingSink() {
        @Override
        public String recordingId() {
            return null;
        }

        @Override
        public void writeInit(String fileName, byte[] bytes) {
        }

        @Override
        public CompletableFuture<Path> writeSegment(String fileName, String initFileName, long msn, long durationMicros,
                                                    Instant programDateTime, boolean discontinuity, List<byte[]> parts) {
            return CompletableFuture.failedFuture(new IllegalStateException("recording is off"));
        }

        @Override
        public void end() {
        }
    };
}
