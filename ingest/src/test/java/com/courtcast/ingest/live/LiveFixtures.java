package com.courtcast.ingest.live;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.AccessUnit;
import com.courtcast.common.media.AvcConfig;
import com.courtcast.common.media.MediaEvent;
import com.courtcast.common.media.MediaSink;
import com.courtcast.common.media.TrackType;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Publishers, sinks, executors and codec configurations for fan-out tests, without a network. */
final class LiveFixtures {

    /** SPS and PPS of x264's baseline 320x240 testsrc2 picture. */
    static final byte[] SPS = hex("6742c00d d90141fb 01100000 03001000 00030320 f142a480");
    static final byte[] PPS = hex("68cb83cb 20");

    /** The AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3) carrying {@link #SPS} and {@link #PPS}. */
    static final AvcConfig AVC = new AvcConfig(
            hex("01 42 c0 0d"      // version 1, profile 66 (baseline), constraints c0, level 13
                    + "ff"                                         // 4-byte NAL lengths
                    + "e1 0018 6742c00d d90141fb 01100000 03001000 00030320 f142a480"   // one SPS, 24 bytes
                    + "01 0005 68cb83cb 20"),                      // one PPS, 5 bytes
            66, 0xc0, 13, 4, List.of(SPS), List.of(PPS), 320, 240, 25.0);

    /** AudioSpecificConfig of AAC-LC, 48 kHz, stereo: 00010 0011 0010 000. */
    static final AacConfig AAC = new AacConfig(new byte[] {0x11, (byte) 0x90}, 2, 48_000, 2);

    private LiveFixtures() {
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static AccessUnit video(long dts, boolean keyframe) {
        byte[] nal = keyframe ? new byte[] {0, 0, 0, 2, 0x65, (byte) 0x88} : new byte[] {0, 0, 0, 2, 0x41, (byte) 0x9a};
        return new AccessUnit(TrackType.VIDEO, dts, 0, keyframe, Unpooled.wrappedBuffer(nal));
    }

    static AccessUnit audio(long dts) {
        return new AccessUnit(TrackType.AUDIO, dts, 0, true, Unpooled.wrappedBuffer(new byte[] {0x21, 0x10, 0x04}));
    }

    /** Publishes {@code unit} as the publisher's event loop does, then drops the publisher's reference. */
    static void publishAndRelease(LiveStream stream, Publisher from, AccessUnit unit) {
        try {
            stream.publish(from, unit);
        } finally {
            unit.release();
        }
    }

    /** A publisher that remembers why it was evicted. */
    static final class FakePublisher implements Publisher {
        private final String address;
        final List<String> evictions = new CopyOnWriteArrayList<>();

        FakePublisher(String address) {
            this.address = address;
        }

        @Override
        public String remoteAddress() {
            return address;
        }

        @Override
        public void evict(String reason) {
            evictions.add(reason);
        }
    }

    /** A sink that records what it saw; access units are described, since their payloads are borrowed. */
    static class RecordingSink implements MediaSink {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(MediaEvent event) {
            events.add(event instanceof AccessUnit unit ? Frame.of(unit) : event);
        }

        List<Frame> frames() {
            return events.stream().filter(Frame.class::isInstance).map(Frame.class::cast).toList();
        }

        List<Object> controlEvents() {
            return events.stream().filter(e -> !(e instanceof Frame)).toList();
        }
    }

    /** What a sink saw of an access unit. */
    record Frame(TrackType track, long dts, boolean keyframe) {
        static Frame of(AccessUnit unit) {
            return new Frame(unit.track(), unit.dtsMillis(), unit.keyframe());
        }

        static Frame video(long dts, boolean keyframe) {
            return new Frame(TrackType.VIDEO, dts, keyframe);
        }

        static Frame audio(long dts) {
            return new Frame(TrackType.AUDIO, dts, true);
        }
    }

}
