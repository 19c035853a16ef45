package com.courtcast.transcoder.cmaf;

import static com.courtcast.transcoder.cmaf.Mp4Boxes.fourCc;
import static com.courtcast.transcoder.cmaf.Mp4Boxes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.courtcast.common.testing.NettyLeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Byte tables of moof/mdat computed by hand from ISO/IEC 14496-12 8.8, and the zero-copy contract. */
@ExtendWith(NettyLeakCheck.class)
class FragmentWriterTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final List<TrackSpec> AV1_TRACK = List.of(new TrackSpec(1, InitSegmentWriterTest.AV1, 90000));
    private static final List<TrackSpec> AVC_AND_AAC = List.of(new TrackSpec(1, InitSegmentWriterTest.AVC, 90000),
            new TrackSpec(2, InitSegmentWriterTest.AAC, 48000));

    /** Every buffer a test makes or gets, released after it; fragments before the samples they hold. */
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf buf : buffers.reversed()) {
            if (buf.refCnt() > 0) {
                buf.release();
            }
        }
    }

    private ByteBuf data(String hex) {
        ByteBuf buf = ALLOC.buffer();
        buf.writeBytes(hex(hex));
        buffers.add(buf);
        return buf;
    }

    private <T extends ByteBuf> T keep(T buf) {
        buffers.add(buf);
        return buf;
    }

    private static Sample sample(ByteBuf data, int duration, int offset, boolean sync) {
        return new Sample(data, duration, offset, sync);
    }

    @Test
    void oneTrackFragmentByteForByte() {
        TrackFragment traf = new TrackFragment(1, 0x1234, List.of(
                sample(data("aabbcc"), 3000, 0, true),
                sample(data("ddee"), 3000, 0, false)));

        ByteBuf fragment = keep(FragmentWriter.write(7, List.of(traf), ALLOC));

        assertThat(ByteBufUtil.getBytes(fragment)).isEqualTo(hex("00000070" + fourCc("moof")
                + "00000010" + fourCc("mfhd") + "00000000 00000007"
                + "00000058" + fourCc("traf")
                + "00000010" + fourCc("tfhd") + "00020000 00000001" // default-base-is-moof, track 1
                + "00000014" + fourCc("tfdt") + "01000000 00000000 00001234" // version 1, 64-bit time
                + "0000002c" + fourCc("trun") + "00000701" // v0: data offset, duration, size, flags
                + "00000002 00000078" // 2 samples, data at 112 (moof) + 8 (mdat header)
                + "00000bb8 00000003 02000000" // sync: depends on no other
                + "00000bb8 00000002 01010000" // non-sync: depends on others, is_non_sync_sample
                + "0000000d" + fourCc("mdat") + "aabbcc ddee"));
    }

    @Test
    void compositionOffsetsAreWrittenOnlyWhenPresentAndSignedOnlyWhenNegative() {
        ByteBuf positive = keep(FragmentWriter.write(1, List.of(new TrackFragment(1, 0, List.of(
                sample(data("01"), 3000, 0, true), sample(data("02"), 3000, 6000, false)))), ALLOC));
        ByteBuf negative = keep(FragmentWriter.write(2, List.of(new TrackFragment(1, 0, List.of(
                sample(data("01"), 3000, 3000, true), sample(data("02"), 3000, -3000, false)))), ALLOC));

        assertThat(trun(positive)).isEqualTo(hex("00000034" + fourCc("trun") + "00000f01 00000002 00000080"
                + "00000bb8 00000001 02000000 00000000"
                + "00000bb8 00000001 01010000 00001770"));
        assertThat(trun(negative)).isEqualTo(hex("00000034" + fourCc("trun") + "01000f01 00000002 00000080"
                + "00000bb8 00000001 02000000 00000bb8"
                + "00000bb8 00000001 01010000 fffff448"));
    }

    private static byte[] trun(ByteBuf fragment) {
        return Mp4Boxes.parse(fragment).get(0).find("traf/trun").bytes();
    }

    @Test
    void trafsOfSeveralTracksShareOneMdatWithDataOffsetsIntoIt() {
        ByteBuf fragment = keep(FragmentWriter.write(3, AVC_AND_AAC, List.of(
                new TrackFragment(1, 90000, List.of(sample(data("aabbcc"), 3000, 0, true),
                        sample(data("ddee"), 3000, 0, false))),
                new TrackFragment(2, 48000, List.of(sample(data("21222324"), 1024, 0, true)))), ALLOC));

        List<Mp4Boxes> boxes = Mp4Boxes.parse(fragment);
        assertThat(boxes).extracting(Mp4Boxes::type).containsExactly("moof", "mdat");
        Mp4Boxes moof = boxes.get(0);
        assertThat(moof.bytes()).hasSize(188);
        assertThat(moof.childTypes()).containsExactly("mfhd", "traf", "traf");
        assertThat(moof.all("traf").get(0).find("trun").u32(8)).as("video data_offset").isEqualTo(188 + 8);
        assertThat(moof.all("traf").get(1).bytes()).isEqualTo(hex("0000004c" + fourCc("traf")
                + "00000010" + fourCc("tfhd") + "00020000 00000002"
                + "00000014" + fourCc("tfdt") + "01000000 00000000 0000bb80"
                + "00000020" + fourCc("trun") + "00000701 00000001 000000c9" // 188 + 8 + 5 video bytes
                + "00000400 00000004 02000000"));
        assertThat(boxes.get(1).payload()).isEqualTo(hex("aabbcc ddee 21222324"));
    }

    @Test
    void samplesAreRetainedSlicesNotCopies() {
        ByteBuf first = data("aabbcc");
        ByteBuf second = data("00ddee");
        second.readerIndex(1); // only the readable bytes are the sample
        TrackFragment traf = new TrackFragment(1, 0, List.of(sample(first, 1, 0, true), sample(second, 1, 0, false)));

        ByteBuf fragment = keep(FragmentWriter.write(1, List.of(traf), ALLOC));

        assertThat(fragment).isInstanceOf(CompositeByteBuf.class);
        CompositeByteBuf composite = (CompositeByteBuf) fragment;
        assertThat(composite.numComponents()).isEqualTo(3);
        assertThat(first.refCnt()).as("the fragment holds its own reference").isEqualTo(2);
        assertThat(second.refCnt()).isEqualTo(2);
        int mdatStart = composite.component(0).readableBytes();
        first.setByte(0, 0x11); // the caller's bytes show through: they were never copied
        second.setByte(2, 0x22);
        assertThat(ByteBufUtil.getBytes(fragment, mdatStart, 5)).isEqualTo(hex("11bbcc dd22"));
        assertThat(second.readerIndex()).as("the caller's indexes are untouched").isEqualTo(1);

        fragment.release();
        assertThat(first.refCnt()).as("released with the fragment").isEqualTo(1);
        assertThat(second.refCnt()).isEqualTo(1);
    }

    @Test
    void av1LeadingTemporalDelimiterIsSlicedAway() {
        ByteBuf plain = data("12 00 32 02 aabb"); // TD, then a frame OBU
        ByteBuf withExtension = data("16 08 00 32 01 cc"); // TD with extension header
        ByteBuf paddedSize = data("12 80 00 32 01 dd"); // TD whose leb128 size 0 takes two bytes
        ByteBuf noDelimiter = data("0a 01 ee 32 01 ff"); // starts with a sequence header: kept whole

        ByteBuf fragment = keep(FragmentWriter.write(1, AV1_TRACK, List.of(new TrackFragment(1, 0, List.of(
                sample(plain, 3000, 0, true), sample(withExtension, 3000, 0, false),
                sample(paddedSize, 3000, 0, false), sample(noDelimiter, 3000, 0, false)))), ALLOC));

        List<Mp4Boxes> boxes = Mp4Boxes.parse(fragment);
        Mp4Boxes trun = boxes.get(0).find("traf/trun");
        assertThat(List.of(trun.u32(16), trun.u32(28), trun.u32(40), trun.u32(52)))
                .as("sample sizes").containsExactly(4L, 3L, 3L, 6L);
        assertThat(boxes.get(1).payload()).isEqualTo(hex("32 02 aabb" + "32 01 cc" + "32 01 dd" + "0a 01 ee 32 01 ff"));
        assertThat(((CompositeByteBuf) fragment).numComponents()).isEqualTo(5);
    }

    @Test
    void temporalDelimitersAreLeftInWhenTheCodecIsNotAv1OrNotKnown() {
        ByteBuf h264 = data("12 00 32 02 aabb"); // e.g. a 2-byte NAL length of 0x1200
        ByteBuf av1 = data("12 00 32 02 aabb");

        ByteBuf fromAvc = keep(FragmentWriter.write(1, AVC_AND_AAC,
                List.of(new TrackFragment(1, 0, List.of(sample(h264, 1, 0, true)))), ALLOC));
        ByteBuf withoutTracks = keep(FragmentWriter.write(1,
                List.of(new TrackFragment(1, 0, List.of(sample(av1, 1, 0, true)))), ALLOC));

        assertThat(Mp4Boxes.parse(fromAvc).get(1).payload()).isEqualTo(hex("12 00 32 02 aabb"));
        assertThat(Mp4Boxes.parse(withoutTracks).get(1).payload()).isEqualTo(hex("12 00 32 02 aabb"));
    }

    @Test
    void malformedOrEmptyAv1SamplesAreRejected() {
        assertThatThrownBy(() -> FragmentWriter.write(1, AV1_TRACK,
                List.of(new TrackFragment(1, 0, List.of(sample(data("12 00"), 1, 0, true)))), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 1 sample 0 is empty once its temporal delimiter OBU is left out");
        assertThatThrownBy(() -> FragmentWriter.write(1, AV1_TRACK,
                List.of(new TrackFragment(1, 0, List.of(sample(data("10"), 1, 0, true)))), ALLOC))
                .as("a TD without size field fills its sample").isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 1 sample 0 is empty once its temporal delimiter OBU is left out");
        assertThatThrownBy(() -> FragmentWriter.write(1, AV1_TRACK,
                List.of(new TrackFragment(1, 0, List.of(sample(data("12"), 1, 0, true)))), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AV1 sample: temporal delimiter OBU size field is truncated");
        assertThatThrownBy(() -> FragmentWriter.write(1, AV1_TRACK,
                List.of(new TrackFragment(1, 0, List.of(sample(data("12 05 00"), 1, 0, true)))), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AV1 sample: temporal delimiter OBU size 5 runs past the sample (1 bytes left)");
        assertThatThrownBy(() -> FragmentWriter.write(1, AV1_TRACK,
                List.of(new TrackFragment(1, 0, List.of(sample(data("32 01 aa"), 1, 3000, true)))), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 1 sample 0: AV1 samples cannot have a composition offset (AV1-ISOBMFF 2.4), "
                        + "was 3000");
    }

    @Test
    void invalidFragmentsAreRejectedWithTheReason() {
        List<Sample> one = List.of(sample(data("aa"), 1, 0, true));

        assertThatThrownBy(() -> FragmentWriter.write(1, List.of(), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fragment needs at least one track fragment");
        assertThatThrownBy(() -> new TrackFragment(1, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track fragment of track 1 has no samples");
        assertThatThrownBy(() -> new TrackFragment(1, -1, one))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseMediaDecodeTime must be >= 0, was -1 (track 1)");
        assertThatThrownBy(() -> sample(data("aa"), -1, 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample duration must be >= 0, was -1");
        assertThatThrownBy(() -> FragmentWriter.write(1,
                List.of(new TrackFragment(1, 0, one), new TrackFragment(1, 0, one)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 1 has two track fragments in one fragment");
        assertThatThrownBy(() -> FragmentWriter.write(1, AVC_AND_AAC, List.of(new TrackFragment(9, 0, one)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 9 is not among the tracks [1, 2]");
        assertThatThrownBy(() -> FragmentWriter.write(-1, List.of(new TrackFragment(1, 0, one)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sequenceNumber must be in 0..2^32-1, was -1");
        assertThatThrownBy(() -> FragmentWriter.write(1L << 32, List.of(new TrackFragment(1, 0, one)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sequenceNumber must be in 0..2^32-1, was 4294967296");
        assertThatThrownBy(() -> FragmentWriter.write(1,
                List.of(new TrackFragment(1, 0, List.of(sample(keep(Unpooled.buffer(0)), 1, 0, true)))), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("track 1 sample 0 is empty");
        assertThat(one.get(0).data().refCnt()).as("nothing retained by failed calls").isEqualTo(1);
    }

    @Test
    void fragmentsLargerThanABufferAreRejectedBeforeAnythingIsAllocated() {
        // 1.1 GiB of readable bytes per sample, backed by one 1 MiB buffer seen 1100 times.
        ByteBuf mebibyte = data("00".repeat(1 << 20));
        CompositeByteBuf huge = keep(Unpooled.compositeBuffer(1100));
        for (int i = 0; i < 1100; i++) {
            huge.addComponent(true, mebibyte.retainedDuplicate());
        }
        List<Sample> samples = List.of(sample(huge, 1, 0, true), sample(huge, 1, 0, false));

        assertThatThrownBy(() -> FragmentWriter.write(1, List.of(new TrackFragment(1, 0, samples)), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fragment of 2306867320 bytes (2306867200 bytes of samples) is larger than one buffer "
                        + "holds (2 GiB); write fewer samples per fragment");
        assertThat(huge.refCnt()).isEqualTo(1);
    }

    @Test
    void aReleasedSampleFailsTheCallAndReleasesWhatWasRetained() {
        ByteBuf alive = data("aa");
        ByteBuf released = Unpooled.wrappedBuffer(hex("bb"));
        released.release();

        assertThatThrownBy(() -> FragmentWriter.write(1, List.of(new TrackFragment(1, 0,
                List.of(sample(alive, 1, 0, true), sample(released, 1, 0, false)))), ALLOC))
                .isInstanceOf(IllegalReferenceCountException.class)
                .hasMessage("track 1 sample 1: its data was already released");
        assertThat(alive.refCnt()).isEqualTo(1);
    }
}
