package com.courtcast.loadtest.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediaTimestampsTest {

    @Test
    void findsTheVideoTrackOfAnInitSegment() {
        byte[] init = concat(box("ftyp", bytes("iso6", 0, 0, 0, 0)),
                box("moov", box("mvhd", new byte[100]),
                        trak(2, 48_000, "soun", 0),
                        trak(1, 90_000, "vide", 0)));
        assertThat(MediaTimestamps.videoTrack(init)).isEqualTo(new MediaTimestamps.VideoTrack(1, 90_000));
    }

    @Test
    void readsVersionOneHeaders() {
        byte[] init = box("moov", trak(7, 30_000, "vide", 1));
        assertThat(MediaTimestamps.videoTrack(init)).isEqualTo(new MediaTimestamps.VideoTrack(7, 30_000));
    }

    @Test
    void saysWhenThereIsNoVideo() {
        assertThat(MediaTimestamps.videoTrack(box("moov", trak(2, 48_000, "soun", 0)))).isNull();
        assertThat(MediaTimestamps.videoTrack(new byte[] {0, 0, 0, 9, 'm', 'o'})).isNull();
    }

    @Test
    void readsTheDecodeTimeOfTheRequestedTrack() {
        byte[] fragment = concat(box("styp", bytes("msdh")),
                box("moof", box("mfhd", new byte[8]),
                        traf(1, 0, 123_456_789L),
                        traf(2, 1, 5_000_000_000L)),
                box("mdat", new byte[32]));
        assertThat(MediaTimestamps.decodeTime(fragment, 1)).isEqualTo(123_456_789L);
        assertThat(MediaTimestamps.decodeTime(fragment, 2)).isEqualTo(5_000_000_000L);
        assertThat(MediaTimestamps.decodeTime(fragment, 3)).isEqualTo(-1);
        assertThat(MediaTimestamps.decodeTime(Arrays.copyOf(fragment, 20), 1)).isEqualTo(-1);
    }

    @Test
    void readsTheFirstVideoDtsOfATransportStream() {
        long pts = 63_000 + 3 * 90_000 + 3_000;
        long dts = 63_000 + 3 * 90_000;
        byte[] stream = concat(tsPacket(0x101, 0xC0, 999_999, -1, false), tsPacket(0x100, 0xE0, pts, dts, true),
                tsPacket(0x100, 0xE0, pts + 3000, -1, false));
        assertThat(MediaTimestamps.firstVideoTimestamp(stream)).isEqualTo(dts);
    }

    @Test
    void takesThePtsWhenThereIsNoDts() {
        long pts = (1L << 32) + 12_345; // 33 bits
        assertThat(MediaTimestamps.firstVideoTimestamp(tsPacket(0x100, 0xE0, pts, -1, false))).isEqualTo(pts);
        assertThat(MediaTimestamps.firstVideoTimestamp(tsPacket(0x101, 0xC0, pts, -1, false))).isEqualTo(-1);
        assertThat(MediaTimestamps.firstVideoTimestamp(new byte[100])).isEqualTo(-1);
    }

    private static byte[] trak(int trackId, int timescale, String handler, int version) {
        ByteBuffer tkhd = ByteBuffer.allocate(version == 1 ? 32 : 24);
        tkhd.put((byte) version).put(new byte[3]).put(new byte[version == 1 ? 16 : 8]).putInt(trackId);
        ByteBuffer mdhd = ByteBuffer.allocate(version == 1 ? 32 : 24);
        mdhd.put((byte) version).put(new byte[3]).put(new byte[version == 1 ? 16 : 8]).putInt(timescale);
        byte[] hdlr = concat(new byte[8], handler.getBytes(StandardCharsets.ISO_8859_1), new byte[13]);
        return box("trak", box("tkhd", tkhd.array()), box("mdia", box("mdhd", mdhd.array()), box("hdlr", hdlr)));
    }

    private static byte[] traf(int trackId, int version, long decodeTime) {
        ByteBuffer tfhd = ByteBuffer.allocate(8).put(new byte[4]).putInt(trackId);
        ByteBuffer tfdt = ByteBuffer.allocate(version == 1 ? 12 : 8);
        tfdt.put((byte) version).put(new byte[3]);
        if (version == 1) {
            tfdt.putLong(decodeTime);
        } else {
            tfdt.putInt((int) decodeTime);
        }
        return box("traf", box("tfhd", tfhd.array()), box("tfdt", tfdt.array()));
    }

    /** One 188-byte packet starting a PES, with an adaptation field when {@code adaptation}. */
    private static byte[] tsPacket(int pid, int streamId, long pts, long dts, boolean adaptation) {
        ByteBuffer p = ByteBuffer.allocate(188);
        p.put((byte) 0x47).put((byte) (0x40 | (pid >> 8))).put((byte) pid).put((byte) (adaptation ? 0x30 : 0x10));
        if (adaptation) {
            p.put((byte) 7).put((byte) 0x50).put(new byte[6]); // random access + PCR
        }
        p.put(new byte[] {0, 0, 1, (byte) streamId, 0, 0, (byte) 0x80});
        p.put((byte) (dts >= 0 ? 0xC0 : 0x80)).put((byte) (dts >= 0 ? 10 : 5));
        p.put(timestamp(dts >= 0 ? 3 : 2, pts));
        if (dts >= 0) {
            p.put(timestamp(1, dts));
        }
        while (p.hasRemaining()) {
            p.put((byte) 0xFF);
        }
        return p.array();
    }

    private static byte[] timestamp(int prefix, long t) {
        return new byte[] {(byte) ((prefix << 4) | (((t >> 30) & 0x07) << 1) | 1), (byte) (t >> 22),
            (byte) ((((t >> 15) & 0x7F) << 1) | 1), (byte) (t >> 7), (byte) (((t & 0x7F) << 1) | 1)};
    }

    private static byte[] box(String type, byte[]... children) {
        byte[] body = concat(children);
        ByteBuffer box = ByteBuffer.allocate(8 + body.length);
        box.putInt(8 + body.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body);
        return box.array();
    }

    private static byte[] bytes(String text, int... more) {
        byte[] head = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + more.length);
        for (int i = 0; i < more.length; i++) {
            out[head.length + i] = (byte) more[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
