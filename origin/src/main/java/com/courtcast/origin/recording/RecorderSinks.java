package com.courtcast.origin.recording;

import com.courtcast.origin.live.RecordingSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Lets live renditions record through a {@link Recorder}: one session per hearing and rendition. */
public final class RecorderSinks implements RecordingSink.Factory {

    private final Recorder recorder;

    public RecorderSinks(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public RecordingSink start(String stream, String rendition) {
        RecordingSession session = recorder.start(stream, rendition);
        return new RecordingSink() {
            @Override
            public String recordingId() {
                return session.recordingId();
            }

            @Override
            public void writeInit(String fileName, byte[] bytes) {
                session.writeInit(fileName, bytes); // a failed init fails the segments that need it
            }

            @Override
            public CompletableFuture<Path> writeSegment(String fileName, String initFileName, long msn,
                                                        long durationMicros, Instant programDateTime,
                                                        boolean discontinuity, List<byte[]> parts) {
                return session.writeSegment(new RecordedSegment(msn, fileName, initFileName, durationMicros,
                        programDateTime, discontinuity), parts);
            }

            @Override
            public void end() {
                session.end();
            }
        };
    }
}
