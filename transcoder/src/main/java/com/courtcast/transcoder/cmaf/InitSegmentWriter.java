package com.courtcast.transcoder.cmaf;

import com.courtcast.common.media.AacConfig;
import com.courtcast.common.media.Av1Config;
import com.courtcast.common.media.CodecConfig;
import com.courtcast.common.media.VideoConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the initialization segment of a fragmented MP4 presentation ({@code EXT-X-MAP} in HLS):
 * {@code ftyp} and a {@code moov} that describes the tracks but holds no samples (ISO/IEC 14496-12
 * 8.8: empty sample tables, and {@code mvex} announcing that the media comes in movie fragments,
 * written by {@link FragmentWriter}).
 *
 * <p>Each track gets one sample entry built from its {@link CodecConfig}: {@code avc1}+{@code avcC},
 * {@code hvc1}+{@code hvcC}, {@code av01}+{@code av1C} or {@code mp4a}+{@code esds}; see
 * {@link SampleEntries}. Durations are 0 throughout, as a live presentation has none yet.
 *
 * <p>Several tracks in one initialization segment (muxed audio and video) are supported; such a
 * file is plain ISO-BMFF rather than a CMAF header, which has exactly one track, and its
 * {@code ftyp} says so (see {@link #brands}).
 */
public final class InitSegmentWriter {

    /** The movie timescale; only mvhd uses it, and with every duration 0 its value hardly matters. */
    static final int MOVIE_TIMESCALE = 1000;
    /** 'und' (undetermined) in ISO 639-2/T, packed as three 5-bit letters minus 0x60 (mdhd). */
    private static final int LANGUAGE_UNDETERMINED = ('u' - 0x60) << 10 | ('n' - 0x60) << 5 | ('d' - 0x60);
    /** tkhd flags: track_enabled | track_in_movie. */
    private static final int TRACK_ENABLED_IN_MOVIE = 0x000003;
    /** The identity transformation matrix of mvhd and tkhd (14496-12 8.2.2.3). */
    private static final int[] UNITY_MATRIX = {0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000};

    private InitSegmentWriter() {
    }

    /**
     * Writes {@code ftyp} + {@code moov} for {@code tracks}, in the given order.
     *
     * @param tracks one or more tracks with distinct track IDs
     * @param alloc where the returned buffer comes from
     * @return a new buffer holding the whole initialization segment; the caller owns it and
     *     releases it
     * @throws IllegalArgumentException if {@code tracks} is empty, repeats a track ID, or a
     *     video track's picture size does not fit the sample entry's 16-bit width and height
     */
    public static ByteBuf write(List<TrackSpec> tracks, ByteBufAllocator alloc) {
        Objects.requireNonNull(tracks, "tracks");
        Objects.requireNonNull(alloc, "alloc");
        validate(tracks);
        int recordBytes = tracks.stream().mapToInt(t -> t.config().record().length).sum();
        ByteBuf out = alloc.buffer(1024 + recordBytes);
        try {
            BoxWriter w = new BoxWriter(out);
            writeFtyp(w, brands(tracks));
            w.box("moov", () -> {
                writeMvhd(w, tracks);
                for (TrackSpec track : tracks) {
                    writeTrak(w, track);
                }
                w.box("mvex", () -> {
                    for (TrackSpec track : tracks) {
                        writeTrex(w, track);
                    }
                });
            });
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void validate(List<TrackSpec> tracks) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("an initialization segment needs at least one track");
        }
        Set<Integer> ids = new HashSet<>();
        for (TrackSpec track : tracks) {
            Objects.requireNonNull(track, "track");
            if (!ids.add(track.trackId())) {
                throw new IllegalArgumentException("track ID " + track.trackId() + " is used by two tracks");
            }
            if (track.config() instanceof VideoConfig video
                    && (video.width() < 1 || video.width() > 0xFFFF || video.height() < 1 || video.height() > 0xFFFF)) {
                throw new IllegalArgumentException("track " + track.trackId() + ": picture size " + video.width() + "x"
                        + video.height() + " does not fit a sample entry (1..65535 each)");
            }
        }
    }

    /**
     * The file type brands, compatible list first entry being the major brand as well:
     * <ul>
     *   <li>{@code iso6} (major and compatible): the structural brand for what fragments use:
     *       default-base-is-moof (introduced with {@code iso5}), {@code tfdt} and {@code trun}
     *       version 1 with signed composition offsets (from {@code iso4}); the AV1 binding names
     *       {@code iso6} as the brand readers must support, and LL-HLS/CMAF packagers use it.
     *   <li>{@code cmfc}, only for a single-track header: it announces CMAF (ISO/IEC 23000-19)
     *       structural constraints, whose headers carry exactly one track, so a muxed audio+video
     *       file must not claim it. The packager keeps the CMAF fragment rules (every segment starts
     *       with a sync sample; one track per file).
     *   <li>{@code av01} when an AV1 track is present: the AV1-ISOBMFF binding requires it.
     *   <li>{@code mp41}: lets older MP4 readers recognise a plain MP4 file.
     * </ul>
     */
    static List<String> brands(List<TrackSpec> tracks) {
        List<String> brands = new ArrayList<>(List.of("iso6"));
        if (tracks.size() == 1) {
            brands.add("cmfc");
        }
        if (tracks.stream().anyMatch(t -> t.config() instanceof Av1Config)) {
            brands.add("av01");
        }
        brands.add("mp41");
        return brands;
    }

    /** FileTypeBox (4.3): major brand, minor version 0, compatible brands. */
    private static void writeFtyp(BoxWriter w, List<String> compatibleBrands) {
        w.box("ftyp", () -> {
            w.fourCc(compatibleBrands.get(0));
            w.u32(0);
            compatibleBrands.forEach(w::fourCc);
        });
    }

    /** MovieHeaderBox (8.2.2), version 0. */
    private static void writeMvhd(BoxWriter w, List<TrackSpec> tracks) {
        long nextTrackId = tracks.stream().mapToInt(TrackSpec::trackId).max().orElseThrow() + 1L;
        w.fullBox("mvhd", 0, 0, () -> {
            w.u32(0); // creation_time
            w.u32(0); // modification_time
            w.u32(MOVIE_TIMESCALE);
            w.u32(0); // duration: unknown, live
            w.u32(0x0001_0000); // rate 1.0
            w.u16(0x0100); // volume 1.0
            w.zeros(2 + 4 * 2); // reserved
            matrix(w);
            w.zeros(4 * 6); // pre_defined
            w.u32(nextTrackId); // next_track_ID
        });
    }

    private static void writeTrak(BoxWriter w, TrackSpec track) {
        boolean video = track.config() instanceof VideoConfig;
        w.box("trak", () -> {
            writeTkhd(w, track);
            w.box("mdia", () -> {
                writeMdhd(w, track);
                writeHdlr(w, video);
                w.box("minf", () -> {
                    if (video) {
                        // VideoMediaHeaderBox (12.1.2): flags 1, graphicsmode copy, opcolor 0.
                        w.fullBox("vmhd", 0, 1, () -> w.zeros(2 + 3 * 2));
                    } else {
                        // SoundMediaHeaderBox (12.2.2): balance 0 (centre), reserved.
                        w.fullBox("smhd", 0, 0, () -> w.zeros(2 + 2));
                    }
                    writeDinf(w);
                    writeStbl(w, track);
                });
            });
        });
    }

    /** TrackHeaderBox (8.3.2), version 0. */
    private static void writeTkhd(BoxWriter w, TrackSpec track) {
        w.fullBox("tkhd", 0, TRACK_ENABLED_IN_MOVIE, () -> {
            w.u32(0); // creation_time
            w.u32(0); // modification_time
            w.u32(track.trackId());
            w.zeros(4); // reserved
            w.u32(0); // duration
            w.zeros(4 * 2); // reserved
            w.u16(0); // layer
            w.u16(0); // alternate_group
            w.u16(track.config() instanceof AacConfig ? 0x0100 : 0); // volume: 1.0 for audio
            w.zeros(2); // reserved
            matrix(w);
            if (track.config() instanceof VideoConfig video) {
                w.u32((long) video.width() << 16); // 16.16 fixed point
                w.u32((long) video.height() << 16);
            } else {
                w.u32(0);
                w.u32(0);
            }
        });
    }

    /** MediaHeaderBox (8.4.2), version 0. */
    private static void writeMdhd(BoxWriter w, TrackSpec track) {
        w.fullBox("mdhd", 0, 0, () -> {
            w.u32(0); // creation_time
            w.u32(0); // modification_time
            w.u32(track.timescale());
            w.u32(0); // duration
            w.u16(LANGUAGE_UNDETERMINED); // pad bit 0 + language
            w.u16(0); // pre_defined
        });
    }

    /** HandlerBox (8.4.3). */
    private static void writeHdlr(BoxWriter w, boolean video) {
        w.fullBox("hdlr", 0, 0, () -> {
            w.u32(0); // pre_defined
            w.fourCc(video ? "vide" : "soun");
            w.zeros(4 * 3); // reserved
            w.cString(video ? "VideoHandler" : "SoundHandler");
        });
    }

    /** DataInformationBox (8.7.1) with one self-contained data entry: the media is in this file. */
    private static void writeDinf(BoxWriter w) {
        w.box("dinf", () -> w.fullBox("dref", 0, 0, () -> {
            w.u32(1); // entry_count
            w.fullBox("url ", 0, 0x000001, () -> { }); // flags 1: media data in the same file
        }));
    }

    /** SampleTableBox (8.5.1): the sample description, and sample tables left empty (8.8.1). */
    private static void writeStbl(BoxWriter w, TrackSpec track) {
        w.box("stbl", () -> {
            SampleEntries.writeStsd(w, track);
            w.fullBox("stts", 0, 0, () -> w.u32(0)); // entry_count
            w.fullBox("stsc", 0, 0, () -> w.u32(0)); // entry_count
            w.fullBox("stsz", 0, 0, () -> {
                w.u32(0); // sample_size
                w.u32(0); // sample_count
            });
            w.fullBox("stco", 0, 0, () -> w.u32(0)); // entry_count
        });
    }

    /** TrackExtendsBox (8.8.3): defaults are never relied on, every trun states each sample's fields. */
    private static void writeTrex(BoxWriter w, TrackSpec track) {
        w.fullBox("trex", 0, 0, () -> {
            w.u32(track.trackId());
            w.u32(1); // default_sample_description_index
            w.u32(0); // default_sample_duration
            w.u32(0); // default_sample_size
            w.u32(0); // default_sample_flags
        });
    }

    private static void matrix(BoxWriter w) {
        for (int value : UNITY_MATRIX) {
            w.i32(value);
        }
    }
}
