package com.courtcast.ingest;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.media.TrackType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a consumer of a live stream saw (timing and flags, not payloads) for assertions. */
final class RecordingSink implements MediaSink {

    record Frame(TrackType track, long dts, long pts, boolean keyframe, int size) {}

    final List<MediaEvent> controlEvents = new CopyOnWriteArrayList<>();
    final List<Frame> frames = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(MediaEvent event) {
        if (event instanceof AccessUnit unit) {
            frames.add(new Frame(unit.track(), unit.dtsMillis(), unit.ptsMillis(), unit.keyframe(), unit.size()));
        } else {
            controlEvents.add(event);
        }
    }

    List<Frame> frames(TrackType track) {
        return frames.stream().filter(f -> f.track() == track).toList();
    }

    <T extends MediaEvent> List<T> events(Class<T> type) {
        return controlEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
