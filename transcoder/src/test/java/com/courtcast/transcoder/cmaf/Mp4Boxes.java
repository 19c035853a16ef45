package com.courtcast.transcoder.cmaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A test-side reader of ISO-BMFF box trees, so assertions can name a box by path
 * ({@code "moov/trak/mdia/mdhd"}) and look at its payload. Walks only the containers this module
 * writes; every other box is a leaf. Checks that child sizes add up to their parent's.
 */
record Mp4Boxes(String type, byte[] payload, List<Mp4Boxes> children) {

    /**
     * Bytes at the start of a container's payload before its child boxes: stsd's version, flags and
     * entry_count, a VisualSampleEntry's 78 fixed bytes, an AudioSampleEntry's 28, dref's 8.
     */
    private static final Map<String, Integer> CHILDREN_AFTER = Map.ofEntries(
            Map.entry("moov", 0), Map.entry("trak", 0), Map.entry("mdia", 0), Map.entry("minf", 0),
            Map.entry("dinf", 0), Map.entry("stbl", 0), Map.entry("mvex", 0), Map.entry("moof", 0),
            Map.entry("traf", 0), Map.entry("stsd", 8), Map.entry("dref", 8), Map.entry("avc1", 78),
            Map.entry("hvc1", 78), Map.entry("av01", 78), Map.entry("mp4a", 28));

    /** Reads the top-level boxes of {@code bytes}, which must end exactly at the last box. */
    static List<Mp4Boxes> parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    static List<Mp4Boxes> parse(ByteBuf buf) {
        return parse(ByteBufUtil.getBytes(buf));
    }

    private static List<Mp4Boxes> parse(byte[] bytes, int from, int to) {
        List<Mp4Boxes> boxes = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            assertThat(to - pos).as("room for a box header at " + pos).isGreaterThanOrEqualTo(8);
            int size = (bytes[pos] & 0xFF) << 24 | (bytes[pos + 1] & 0xFF) << 16 | (bytes[pos + 2] & 0xFF) << 8
                    | (bytes[pos + 3] & 0xFF);
            String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
            assertThat(size).as(type + " size at " + pos).isBetween(8, to - pos);
            byte[] payload = Arrays.copyOfRange(bytes, pos + 8, pos + size);
            Integer childrenAfter = CHILDREN_AFTER.get(type);
            List<Mp4Boxes> children = childrenAfter == null ? List.of()
                    : parse(bytes, pos + 8 + childrenAfter, pos + size);
            boxes.add(new Mp4Boxes(type, payload, children));
            pos += size;
        }
        return boxes;
    }

    /** The first descendant along a slash-separated path of types, e.g. {@code "mdia/minf/stbl/stsd"}. */
    Mp4Boxes find(String path) {
        Mp4Boxes box = this;
        for (String type : path.split("/")) {
            box = box.children.stream().filter(c -> c.type.equals(type)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " in " + path + " under " + this.type));
        }
        return box;
    }

    /** All children of one type, in order. */
    List<Mp4Boxes> all(String type) {
        return children.stream().filter(c -> c.type.equals(type)).toList();
    }

    List<String> childTypes() {
        return children.stream().map(Mp4Boxes::type).toList();
    }

    /** The whole box, header included, as it was in the file. */
    byte[] bytes() {
        byte[] all = new byte[8 + payload.length];
        int size = all.length;
        all[0] = (byte) (size >>> 24);
        all[1] = (byte) (size >>> 16);
        all[2] = (byte) (size >>> 8);
        all[3] = (byte) size;
        System.arraycopy(type.getBytes(StandardCharsets.ISO_8859_1), 0, all, 4, 4);
        System.arraycopy(payload, 0, all, 8, payload.length);
        return all;
    }

    long u32(int offset) {
        return (payload[offset] & 0xFFL) << 24 | (payload[offset + 1] & 0xFF) << 16 | (payload[offset + 2] & 0xFF) << 8
                | (payload[offset + 3] & 0xFF);
    }

    int u16(int offset) {
        return (payload[offset] & 0xFF) << 8 | (payload[offset + 1] & 0xFF);
    }

    @Override
    public String toString() {
        return type + (children.isEmpty() ? "[" + HexFormat.of().formatHex(payload) + "]" : children.toString());
    }

    /** Hex to bytes, ignoring spaces and line breaks, for hand-written byte tables. */
    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    /** Four ASCII characters as hex, for readable byte tables. */
    static String fourCc(String code) {
        return HexFormat.of().formatHex(code.getBytes(StandardCharsets.ISO_8859_1));
    }
}
