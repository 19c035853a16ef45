package com.courtcast.transcoder.cmaf;

import com.courtcast.common.media.Av1Config;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one movie fragment: a {@code moof} and the {@code mdat} holding its samples (ISO/IEC
 * 14496-12 8.8). In LL-HLS terms one call makes one partial segment (or a whole segment of one
 * fragment); a segment of several parts is the concatenation of several calls' output.
 *
 * <p>Layout: {@code moof} { {@code mfhd}, then per {@link TrackFragment} in the given order a
 * {@code traf} { {@code tfhd}, {@code tfdt}, {@code trun} } }, then {@code mdat} with the samples
 * of every traf one after the other in the same order. {@code tfhd} sets default-base-is-moof and
 * carries no defaults; {@code tfdt} is version 1 (64-bit decode time); {@code trun} has a data
 * offset (from the first byte of {@code moof}) and per-sample duration, size and flags. Composition
 * offsets are written only when some sample of the traf has one; {@code trun} is version 0 (unsigned
 * offsets, understood by every reader) unless an offset is negative, then version 1 (signed).
 *
 * <p>Sample flags (8.8.3.1): a sync sample has sample_depends_on = 2 (depends on no other) and
 * is_non_sync_sample = 0; any other has sample_depends_on = 1 and is_non_sync_sample = 1.
 *
 * <p><b>Zero copy and ownership.</b> The result is a {@link CompositeByteBuf}: its first component
 * is a small buffer with {@code moof} and the {@code mdat} header, the others are
 * {@link ByteBuf#retainedSlice retained slices} of the samples' data, so no media byte is copied.
 * The caller keeps ownership of its samples and releases them as before (right after this call if
 * it likes); the returned buffer holds its own reference to each sample buffer and gives them up
 * when it is released. The caller owns the returned buffer and must release it exactly once.
 */
public final class FragmentWriter {

    /** tfhd flags: default-base-is-moof (8.8.7.1); data offsets count from the moof. */
    static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x02_0000;
    static final int TRUN_DATA_OFFSET = 0x00_0001;
    static final int TRUN_SAMPLE_DURATION = 0x00_0100;
    static final int TRUN_SAMPLE_SIZE = 0x00_0200;
    static final int TRUN_SAMPLE_FLAGS = 0x00_0400;
    static final int TRUN_SAMPLE_COMPOSITION_OFFSET = 0x00_0800;
    /** sample_depends_on = 2: a sync sample decodes on its own. */
    static final int SYNC_SAMPLE_FLAGS = 2 << 24;
    /** sample_depends_on = 1 and sample_is_non_sync_sample = 1. */
    static final int NON_SYNC_SAMPLE_FLAGS = 1 << 24 | 1 << 16;

    private static final int BOX_HEADER = 8;
    private static final int FULL_BOX_HEADER = 12;
    private static final int MFHD_SIZE = FULL_BOX_HEADER + 4;
    private static final int TFHD_SIZE = FULL_BOX_HEADER + 4;
    private static final int TFDT_V1_SIZE = FULL_BOX_HEADER + 8;
    /** trun's fixed part: sample_count and data_offset. */
    private static final int TRUN_FIXED_SIZE = FULL_BOX_HEADER + 4 + 4;

    private FragmentWriter() {
    }

    /**
     * Writes one fragment whose samples are stored as given: track IDs are only checked for being
     * distinct, and AV1 samples keep a leading temporal delimiter. Prefer
     * {@link #write(long, List, List, ByteBufAllocator)}, which knows the tracks and applies the
     * codec's sample rules.
     *
     * @see #write(long, List, List, ByteBufAllocator)
     */
    public static ByteBuf write(long sequenceNumber, List<TrackFragment> fragments, ByteBufAllocator alloc) {
        return write(sequenceNumber, null, fragments, alloc);
    }

    /**
     * Writes one fragment of the presentation whose initialization segment declared {@code tracks}.
     * For AV1 tracks a leading temporal delimiter OBU is left out of each sample (by slicing past
     * it), and composition offsets, which AV1-ISOBMFF forbids, are rejected.
     *
     * @param sequenceNumber the {@code mfhd} sequence number, 0 to 2^32-1; it should grow by one
     *     per fragment of the presentation (usually starting at 1)
     * @param tracks the tracks of the initialization segment
     * @param fragments one traf each, in this order, each for a different track
     * @param alloc where the header buffer and the composite come from
     * @return {@code moof} + {@code mdat} as a composite buffer holding retained slices of the
     *     samples; the caller owns it (see the class comment for ownership)
     * @throws IllegalArgumentException if {@code fragments} is empty, names a track twice or a
     *     track not in {@code tracks}, a sample is empty (or only a temporal delimiter), an AV1
     *     sample has a composition offset, the sequence number is out of range, or the fragment
     *     would exceed what one buffer holds (2 GiB; an mdat over 4 GiB cannot be written anyway)
     * @throws IllegalReferenceCountException if a sample's data was already released
     */
    public static ByteBuf write(long sequenceNumber, List<TrackSpec> tracks, List<TrackFragment> fragments,
            ByteBufAllocator alloc) {
        Objects.requireNonNull(fragments, "fragments");
        Objects.requireNonNull(alloc, "alloc");
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sequenceNumber must be in 0..2^32-1, was " + sequenceNumber);
        }
        List<TrafPlan> plans = plan(tracks, fragments);
        long moofSize = BOX_HEADER + MFHD_SIZE + plans.stream().mapToLong(TrafPlan::trafSize).sum();
        long dataSize = plans.stream().mapToLong(TrafPlan::dataSize).sum();
        long total = moofSize + BOX_HEADER + dataSize;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fragment of " + total + " bytes (" + dataSize
                    + " bytes of samples) is larger than one buffer holds (2 GiB); write fewer samples per fragment");
        }
        int headerSize = (int) moofSize + BOX_HEADER;

        ByteBuf header = alloc.buffer(headerSize, headerSize);
        List<ByteBuf> components = new ArrayList<>(1 + plans.stream().mapToInt(p -> p.samples().size()).sum());
        components.add(header);
        try {
            writeHeader(new BoxWriter(header), sequenceNumber, plans, (int) moofSize, dataSize);
            for (TrafPlan plan : plans) {
                for (int i = 0; i < plan.samples().size(); i++) {
                    ByteBuf data = plan.samples().get(i).data();
                    components.add(data.retainedSlice(data.readerIndex() + plan.skip()[i], plan.sizes()[i]));
                }
            }
        } catch (RuntimeException e) {
            components.forEach(ByteBuf::release);
            throw e;
        }
        return compose(alloc, components);
    }

    /** Hands {@code components} over to a new composite, which then owns (and on failure releases) them. */
    private static CompositeByteBuf compose(ByteBufAllocator alloc, List<ByteBuf> components) {
        CompositeByteBuf fragment;
        try {
            // As many components as buffers: a composite over its limit would consolidate (copy).
            fragment = alloc.compositeBuffer(components.size());
        } catch (RuntimeException e) {
            components.forEach(ByteBuf::release);
            throw e;
        }
        try {
            // Netty releases the buffers it could not add; the composite holds the others.
            fragment.addComponents(true, components);
        } catch (RuntimeException e) {
            fragment.release();
            throw e;
        }
        return fragment;
    }

    /** What one traf will hold: per sample the bytes skipped at its start and its stored size. */
    private record TrafPlan(TrackFragment fragment, int[] skip, int[] sizes, long dataSize, boolean compositionOffsets,
            boolean signedOffsets) {

        List<Sample> samples() {
            return fragment.samples();
        }

        int fieldsPerSample() {
            return compositionOffsets ? 4 : 3;
        }

        long trafSize() {
            long trun = TRUN_FIXED_SIZE + 4L * fieldsPerSample() * samples().size();
            return BOX_HEADER + TFHD_SIZE + TFDT_V1_SIZE + trun;
        }
    }

    private static List<TrafPlan> plan(List<TrackSpec> tracks, List<TrackFragment> fragments) {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one track fragment");
        }
        Map<Integer, TrackSpec> known = null;
        if (tracks != null) {
            known = new HashMap<>();
            for (TrackSpec track : tracks) {
                known.put(track.trackId(), track);
            }
        }
        Set<Integer> seen = new HashSet<>();
        List<TrafPlan> plans = new ArrayList<>(fragments.size());
        for (TrackFragment fragment : fragments) {
            Objects.requireNonNull(fragment, "fragment");
            int trackId = fragment.trackId();
            if (!seen.add(trackId)) {
                throw new IllegalArgumentException("track " + trackId + " has two track fragments in one fragment");
            }
            boolean av1 = false;
            if (known != null) {
                TrackSpec track = known.get(trackId);
                if (track == null) {
                    throw new IllegalArgumentException("track " + trackId + " is not among the tracks "
                            + known.keySet());
                }
                av1 = track.config() instanceof Av1Config;
            }
            plans.add(planTraf(fragment, av1));
        }
        return plans;
    }

    private static TrafPlan planTraf(TrackFragment fragment, boolean av1) {
        List<Sample> samples = fragment.samples();
        int[] skip = new int[samples.size()];
        int[] sizes = new int[samples.size()];
        long dataSize = 0;
        boolean offsets = false;
        boolean negative = false;
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            if (sample.data().refCnt() == 0) {
                throw new IllegalReferenceCountException("track " + fragment.trackId() + " sample " + i
                        + ": its data was already released");
            }
            if (av1) {
                if (sample.compositionOffset() != 0) {
                    throw new IllegalArgumentException("track " + fragment.trackId() + " sample " + i
                            + ": AV1 samples cannot have a composition offset (AV1-ISOBMFF 2.4), was "
                            + sample.compositionOffset());
                }
                skip[i] = Av1Samples.leadingTemporalDelimiterLength(sample.data());
            }
            sizes[i] = sample.data().readableBytes() - skip[i];
            if (sizes[i] <= 0) {
                throw new IllegalArgumentException("track " + fragment.trackId() + " sample " + i + " is empty"
                        + (skip[i] > 0 ? " once its temporal delimiter OBU is left out" : ""));
            }
            dataSize += sizes[i];
            offsets |= sample.compositionOffset() != 0;
            negative |= sample.compositionOffset() < 0;
        }
        return new TrafPlan(fragment, skip, sizes, dataSize, offsets, negative);
    }

    private static void writeHeader(BoxWriter w, long sequenceNumber, List<TrafPlan> plans, int moofSize,
            long dataSize) {
        w.box("moof", () -> {
            // MovieFragmentHeaderBox (8.8.5).
            w.fullBox("mfhd", 0, 0, () -> w.u32(sequenceNumber));
            // The first sample byte is right after moof and the 8-byte mdat header.
            long dataOffset = moofSize + BOX_HEADER;
            for (TrafPlan plan : plans) {
                writeTraf(w, plan, (int) dataOffset);
                dataOffset += plan.dataSize();
            }
        });
        // MediaDataBox (8.1.1) header; the samples follow as the composite's other components.
        w.u32(BOX_HEADER + dataSize);
        w.fourCc("mdat");
    }

    private static void writeTraf(BoxWriter w, TrafPlan plan, int dataOffset) {
        TrackFragment fragment = plan.fragment();
        w.box("traf", () -> {
            // TrackFragmentHeaderBox (8.8.7): no defaults, trun states every sample's fields.
            w.fullBox("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF, () -> w.u32(fragment.trackId()));
            // TrackFragmentBaseMediaDecodeTimeBox (8.8.12), version 1: 64-bit decode time.
            w.fullBox("tfdt", 1, 0, () -> w.u64(fragment.baseMediaDecodeTime()));
            writeTrun(w, plan, dataOffset);
        });
    }

    /** TrackRunBox (8.8.8). */
    private static void writeTrun(BoxWriter w, TrafPlan plan, int dataOffset) {
        int flags = TRUN_DATA_OFFSET | TRUN_SAMPLE_DURATION | TRUN_SAMPLE_SIZE | TRUN_SAMPLE_FLAGS
                | (plan.compositionOffsets() ? TRUN_SAMPLE_COMPOSITION_OFFSET : 0);
        // Version 1 makes sample_composition_time_offset signed; version 0 is the one every reader knows.
        int version = plan.signedOffsets() ? 1 : 0;
        w.fullBox("trun", version, flags, () -> {
            w.u32(plan.samples().size());
            w.i32(dataOffset);
            for (int i = 0; i < plan.samples().size(); i++) {
                Sample sample = plan.samples().get(i);
                w.u32(sample.duration());
                w.u32(plan.sizes()[i]);
                w.i32(sample.sync() ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
                if (plan.compositionOffsets()) {
                    w.i32(sample.compositionOffset());
                }
            }
        });
    }
}
