package com.courtcast.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The journal's lines as they are on disk, and what the reader makes of damaged ones. */
class JournalTest {

    // CRCs computed with Python's zlib.crc32, not with the code under test.
    private static final String HEADER = "H 1 court-1 20261127T021958Z-0a1b2c 720p b23c2de7\n";
    private static final String INIT = "I init-a.mp4 812 968042e5\n";
    private static final String SEGMENT =
            "S 42 seg42.m4s init-a.mp4 2002000 2026-11-27T02:21:22.500Z 1 183220 ef87d142\n";
    private static final String END = "E clean bb61dac2\n";

    private static final RecordedSegment SEG42 = new RecordedSegment(42, "seg42.m4s", "init-a.mp4", 2_002_000,
            Instant.parse("2026-11-27T02:21:22.500Z"), true);

    private static String line(Journal.Entry entry) {
        return new String(Journal.encode(entry), StandardCharsets.US_ASCII);
    }

    @Test
    void recordsEncodeToTheDocumentedLines() {
        assertThat(line(new Journal.Header("court-1", "20261127T021958Z-0a1b2c", "720p"))).isEqualTo(HEADER);
        assertThat(line(new Journal.Init("init-a.mp4", 812))).isEqualTo(INIT);
        assertThat(line(new Journal.Segment(SEG42, 183_220))).isEqualTo(SEGMENT);
        assertThat(line(new Journal.End(Journal.End.CLEAN))).isEqualTo(END);
    }

    @Test
    void aWholeJournalParses() {
        String text = HEADER + INIT + SEGMENT + END;
        Journal.Contents contents = parse(text);
        assertThat(contents.header()).isEqualTo(new Journal.Header("court-1", "20261127T021958Z-0a1b2c", "720p"));
        assertThat(contents.inits()).containsExactly(new Journal.Init("init-a.mp4", 812));
        assertThat(contents.segments()).containsExactly(new Journal.Segment(SEG42, 183_220));
        assertThat(contents.ended()).isTrue();
        assertThat(contents.validLength()).isEqualTo(text.length());
        assertThat(contents.skippedLines()).isZero();
    }

    @Test
    void aTornTailIsNotPartOfTheJournal() {
        String whole = HEADER + INIT;
        for (int cut = 0; cut < SEGMENT.length() - 1; cut++) {
            Journal.Contents contents = parse(whole + SEGMENT.substring(0, cut));
            assertThat(contents.segments()).isEmpty();
            assertThat(contents.validLength()).isEqualTo(whole.length());
        }
    }

    @Test
    void damagedLinesAreSkippedWhereverTheyAre() {
        String text = HEADER + SEGMENT.replace("seg42", "seg43") + "garbage\n" + "\n"
                + withCrc("S 1 ../x init-a.mp4 1 - 0 1") + withCrc("S -1 s.m4s init-a.mp4 1 - 0 1")
                + withCrc("S 1 s.m4s init-a.mp4 1 - 2 1") + withCrc("X future record") + SEGMENT;
        Journal.Contents contents = parse(text);
        assertThat(contents.segments()).containsExactly(new Journal.Segment(SEG42, 183_220));
        assertThat(contents.skippedLines()).isEqualTo(7);
        assertThat(contents.ended()).isFalse();
    }

    @Test
    void nothingCountsBeforeTheHeader() {
        Journal.Contents contents = parse(SEGMENT + END);
        assertThat(contents.header()).isNull();
        assertThat(contents.segments()).isEmpty();
        assertThat(contents.ended()).isFalse();
    }

    @Test
    void aSegmentAfterTheEndReopensTheRendition() {
        String text = HEADER + END + SEGMENT;
        assertThat(parse(text).ended()).isFalse();
        assertThat(parse(text + "E abandoned 5ac7f69a\n").ended()).isTrue();
    }

    private static Journal.Contents parse(String text) {
        return Journal.parse(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The line with its CRC-32, computed here independently of the code under test. */
    private static String withCrc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return text + " " + String.format("%08x", crc.getValue()) + "\n";
    }
}
