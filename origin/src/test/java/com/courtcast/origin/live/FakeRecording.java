package com.courtcast.origin.live;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records nothing, but lets a test complete or fail each segment's write when it likes. */
final class FakeRecording implements RecordingSink, RecordingSink.Factory {

    final List<String> inits = new ArrayList<>();
    final List<String> segments = new ArrayList<>();
    final List<CompletableFuture<Path>> writes = new ArrayList<>();
    final List<String> started = new ArrayList<>();
    int ends;

    @Override
    public RecordingSink start(String stream, String rendition) {
        started.add(stream + "/" + rendition);
        return this;
    }

    @Override
    public String recordingId() {
        return "20261127T100000Z-abcdef";
    }

    @Override
    public void writeInit(String fileName, byte[] bytes) {
        inits.add(fileName);
    }

    @Override
    public CompletableFuture<Path> writeSegment(String fileName, String initFileName, long msn, long durationMicros,
                                                Instant programDateTime, boolean discontinuity, List<byte[]> parts) {
        segments.add(fileName);
        CompletableFuture<Path> write = new CompletableFuture<>();
        writes.add(write);
        return write;
    }

    @Override
    public void end() {
        ends++;
    }

    void completeAll() {
        for (int i = 0; i < writes.size(); i++) {
            writes.get(i).complete(Path.of("/recordings/" + segments.get(i)));
        }
    }
}
