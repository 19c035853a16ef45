package com.courtcast.origin.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The per-rendition journal: encoding of its records and a forgiving reader. The format is
 * described in the package documentation.
 */
final class Journal {

    static final String FILE_NAME = ".journal";
    static final int VERSION = 1;

    /** One journal record. */
    sealed interface Entry permits Header, Init, Segment, End {
    }

    record Header(String stream, String recordingId, String rendition) implements Entry {
    }

    record Init(String fileName, long bytes) implements Entry {
    }

    record Segment(RecordedSegment segment, long bytes) implements Entry {
    }

    record End(String reason) implements Entry {
        static final String CLEAN = "clean";
        static final String ABANDONED = "abandoned";
    }

    /**
     * What a journal holds.
     *
     * @param header the header, or null when there is none (empty file, or a torn first line)
     * @param inits init segments in journal order
     * @param segments media segments in journal order
     * @param ended whether the last record is an {@code E}
     * @param validLength bytes up to and including the last newline: where the next record goes
     * @param skippedLines complete lines that failed their CRC or did not parse
     */
    record Contents(Header header, List<Init> inits, List<Segment> segments, boolean ended, long validLength,
                    int skippedLines) {

        static final Contents EMPTY = new Contents(null, List.of(), List.of(), false, 0, 0);
    }

    private Journal() {
    }

    static byte[] encode(Entry entry) {
        String text = switch (entry) {
            case Header h -> "H " + VERSION + " " + h.stream() + " " + h.recordingId() + " " + h.rendition();
            case Init i -> "I " + i.fileName() + " " + i.bytes();
            case Segment s -> {
                RecordedSegment seg = s.segment();
                yield "S " + seg.msn() + " " + seg.fileName() + " " + seg.initFileName() + " " + seg.durationMicros()
                        + " " + (seg.programDateTime() == null ? "-" : seg.programDateTime().toString())
                        + " " + (seg.discontinuity() ? 1 : 0) + " " + s.bytes();
            }
            case End e -> "E " + e.reason();
        };
        return (text + " " + crc(text) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a journal; a missing file reads as empty. */
    static Contents read(Path journal) throws IOException {
        try {
            return parse(Files.readAllBytes(journal));
        } catch (NoSuchFileException e) {
            return Contents.EMPTY;
        }
    }

    static Contents parse(byte[] bytes) {
        Header header = null;
        List<Init> inits = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        boolean ended = false;
        int skipped = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            Entry entry = parseLine(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
            start = i + 1;
            if (entry == null || (header == null) != (entry instanceof Header)) {
                // Unreadable, a record before the header, or a second header.
                skipped++;
                continue;
            }
            switch (entry) {
                case Header h -> header = h;
                case Init init -> inits.add(init);
                case Segment segment -> segments.add(segment);
                case End end -> { }
            }
            ended = entry instanceof End;
        }
        // Bytes after the last newline are a torn append and are not part of the journal.
        return new Contents(header, List.copyOf(inits), List.copyOf(segments), ended, start, skipped);
    }

    private static Entry parseLine(String line) {
        int space = line.lastIndexOf(' ');
        if (space < 0 || !line.substring(space + 1).equals(crc(line.substring(0, space)))) {
            return null;
        }
        String[] f = line.substring(0, space).split(" ", -1);
        try {
            return switch (f[0]) {
                case "H" -> f.length == 5 && f[1].equals(Integer.toString(VERSION)) && Names.isStream(f[2])
                        && Names.isRecordingId(f[3]) && Names.isRendition(f[4])
                        ? new Header(f[2], f[3], f[4]) : null;
                case "I" -> f.length == 3 && Names.isFileName(f[1]) ? new Init(f[1], nonNegative(f[2])) : null;
                case "S" -> f.length == 8 ? new Segment(new RecordedSegment(nonNegative(f[1]), f[2], f[3],
                        nonNegative(f[4]), f[5].equals("-") ? null : Instant.parse(f[5]), flag(f[6])),
                        nonNegative(f[7])) : null;
                case "E" -> f.length == 2 ? new End(f[1]) : null;
                default -> null;
            };
        } catch (RuntimeException e) {
            // A line with a good CRC that still does not parse was written by something else.
            return null;
        }
    }

    private static long nonNegative(String field) {
        long value = Long.parseLong(field);
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + field);
        }
        return value;
    }

    private static boolean flag(String field) {
        return switch (field) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new IllegalArgumentException("not a flag: " + field);
        };
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }
}
