package com.courtcast.loadtest.transcode;

import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.media.TrackType;
import com.courtcast.transcoder.ladder.LadderConfig;
import com.courtcast.transcoder.ladder.LadderMetrics;
import com.courtcast.transcoder.ladder.Rung;
import com.courtcast.transcoder.ladder.StreamLadder;
import com.courtcast.transcoder.packager.SegmentAlignment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs CourtCast's transcoding ladder ({@link StreamLadder}, as the server runs it for a stream)
 * on a file as fast as it goes, in a JVM of its own, and writes what it cost: started by the
 * transcode benchmark as {@code LadderDriver <flv> <input name> <ladder> <repeat> <result file>}.
 *
 * <p>Design: the file is demuxed by the ingest's demuxer into memory first, so the measured span
 * holds only the ladder's work: decode once, scale and encode each rung, plus the hand-over to the
 * ladder's worker thread and the JVM's own threads (GC, JIT). The ladder runs with the
 * configuration a server gets by default. Its queue sheds rungs when it holds more than
 * {@link LadderConfig#shedAtFrames()} frames, as a live stream falling behind real time should; a
 * file is not live, so the driver keeps at most {@link #IN_FLIGHT} video frames between what it
 * fed and what every rung has encoded (waiting, not spinning), and the run is only valid if
 * nothing was shed or dropped. The source packager's part in the server, telling the ladder where
 * segments open, is played by marking every source keyframe as a segment opening: rungs start
 * at the first one.
 *
 * <p>Two publishes: the first {@link #WARMUP_MILLIS} ms of the input, unmeasured, so the JIT has
 * compiled the ladder's Java side as in a server that has been up for a while; then the whole
 * input, measured. Each publish opens its decoder and the rungs' encoders anew, as ffmpeg does.
 * CPU is the process's user + system time ({@code getProcessCpuTime}, every thread of the JVM)
 * from just before the measured publish's first unit until every rung has ended it.
 */
public final class LadderDriver {

    /** Fed but not yet encoded by every rung: below the default shed threshold, above any decoder delay. */
    static final int IN_FLIGHT = 8;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String PUBLISH_ID = "transcode-bench";
    /** The unmeasured first publish: this much of the input's start. */
    static final long WARMUP_MILLIS = 5000;

    private LadderDriver() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: LadderDriver <flv> <input name> <ladder, e.g. 480p@1200k,360p@600k> <repeat> "
                    + "<result file>");
            System.exit(64);
        }
        try {
            TranscodeMeasurement result = run(Path.of(args[0]), args[1], Rung.parseLadder("ladder", args[2]),
                    Integer.parseInt(args[3]));
            try (Writer out = Files.newBufferedWriter(Path.of(args[4]))) {
                result.toProperties().store(out, "LadderDriver " + String.join(" ", args));
            }
            System.exit(0);
        } catch (Exception e) {
            System.err.println("ladder driver failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Counts what a rung's packager would get, and wakes the feeder when pictures come out. */
    private static final class RungCounter implements MediaSink {
        final Rung rung;
        private final Object lock;
        long pictures;
        long keyframes;
        long bytes;
        boolean ended;

        RungCounter(Rung rung, Object lock) {
            this.rung = rung;
            this.lock = lock;
        }

        @Override
        public void onEvent(MediaEvent event) {
            synchronized (lock) {
                switch (event) {
                    case AccessUnit unit when unit.track() == TrackType.VIDEO -> {
                        pictures++;
                        bytes += unit.size();
                        if (unit.keyframe()) {
                            keyframes++;
                        }
                    }
                    case MediaEvent.PublishEnded ended -> this.ended = true;
                    default -> { }
                }
                lock.notifyAll();
            }
        }

        /** Called with the lock held, before a publish. */
        void reset() {
            pictures = 0;
            keyframes = 0;
            bytes = 0;
            ended = false;
        }
    }

    static TranscodeMeasurement run(Path flv, String inputName, List<Rung> rungs, int repeat)
            throws IOException, InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (DemuxedInput input = DemuxedInput.read(flv)) {
            Object lock = new Object();
            List<RungCounter> counters = new ArrayList<>();
            SegmentAlignment alignment = new SegmentAlignment();
            SegmentAlignment.Leader leader = new SegmentAlignment.Leader(alignment);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StreamLadder ladder = new StreamLadder("bench", rungs, LadderConfig.defaults(), rung -> {
                RungCounter counter = new RungCounter(rung, lock);
                counters.add(counter);
                return counter;
            }, alignment, (rendition, producing) -> { }, Clock.systemUTC(), PooledByteBufAllocator.DEFAULT,
                    new LadderMetrics(registry));
            long sourceKeyframes;
            long cpuStart;
            long wallStart;
            try {
                // A server's JVM has compiled the ladder's Java side long before a hearing starts.
                feed(ladder, input, "warm-up", input.firstVideoDts() + WARMUP_MILLIS, leader, lock, counters);
                cpuStart = os.getProcessCpuTime();
                wallStart = System.nanoTime();
                sourceKeyframes = feed(ladder, input, PUBLISH_ID, Long.MAX_VALUE, leader, lock, counters);
            } finally {
                ladder.close();
            }
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = os.getProcessCpuTime() - cpuStart;
            long shedOrDropped = Math.round(registry.find("courtcast_transcoder_rungs_shed").counters().stream()
                    .mapToDouble(Counter::count).sum()
                    + registry.find("courtcast_transcoder_dropped_frames").counters().stream()
                    .mapToDouble(Counter::count).sum());
            List<RungOutput> outputs = new ArrayList<>();
            synchronized (lock) {
                for (RungCounter c : counters) {
                    outputs.add(new RungOutput(c.rung.name(), c.pictures, c.keyframes, c.bytes));
                }
            }
            return new TranscodeMeasurement("courtcast", inputName, repeat, input.videoSeconds(), cpuNanos / 1e9,
                    wallNanos / 1e9, os.getProcessCpuTime() / 1e9, sourceKeyframes, outputs,
                    outputs.stream().mapToLong(RungOutput::pictures).sum(),
                    outputs.stream().mapToLong(RungOutput::keyframes).sum(), shedOrDropped);
        }
    }

    /**
     * Feeds one publish of the input's units with a decode time below {@code endDts} and waits
     * until every rung has ended it; returns the source keyframes fed.
     */
    private static long feed(StreamLadder ladder, DemuxedInput input, String publishId, long endDts,
                             SegmentAlignment.Leader leader, Object lock, List<RungCounter> counters)
            throws InterruptedException {
        synchronized (lock) {
            counters.forEach(RungCounter::reset);
        }
        long keyframes = 0;
        long fed = 0;
        long msn = 0;
        ladder.onEvent(new MediaEvent.PublishStarted("bench", publishId, Instant.now()));
        ladder.onEvent(new MediaEvent.ConfigChanged(input.video()));
        if (input.audio() != null) {
            ladder.onEvent(new MediaEvent.ConfigChanged(input.audio()));
        }
        for (AccessUnit unit : input.units()) {
            if (unit.dtsMillis() >= endDts) {
                break;
            }
            if (unit.track() == TrackType.VIDEO) {
                awaitRoom(lock, counters, fed);
                if (unit.keyframe()) {
                    leader.number(publishId, unit.dtsMillis(), msn++);
                    keyframes++;
                }
                fed++;
            }
            ladder.onEvent(unit);
        }
        ladder.onEvent(new MediaEvent.PublishEnded("bench", publishId, "end of file"));
        awaitEnd(lock, counters);
        return keyframes;
    }

    /** Waits until every rung has encoded all but {@link #IN_FLIGHT} of the {@code fed} video frames. */
    private static void awaitRoom(Object lock, List<RungCounter> counters, long fed) throws InterruptedException {
        long deadline = System.nanoTime() + STALL_NANOS;
        synchronized (lock) {
            while (fed - encodedByAll(counters) >= IN_FLIGHT) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the ladder encoded nothing for " + STALL_NANOS / 1_000_000_000
                            + " s with " + fed + " video frames fed and " + encodedByAll(counters) + " encoded by every rung");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private static void awaitEnd(Object lock, List<RungCounter> counters) throws InterruptedException {
        long deadline = System.nanoTime() + STALL_NANOS;
        synchronized (lock) {
            while (!counters.stream().allMatch(c -> c.ended)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the ladder's rungs did not end their publish within "
                            + STALL_NANOS / 1_000_000_000 + " s of the end of the file");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private static long encodedByAll(List<RungCounter> counters) {
        return counters.stream().mapToLong(c -> c.pictures).min().orElse(0);
    }
}
