package com.courtcast.common.media;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Helpers shared by the configuration records: NAL unit unescaping, and content-based equality for
 * the {@code byte[]} components Java records would otherwise compare by identity.
 */
final class ConfigRecords {

    private ConfigRecords() {}

    /**
     * Removes emulation prevention bytes (H.264 7.4.1, HEVC 7.4.2): every 0x03 that follows two zero
     * bytes is dropped, turning a NAL unit into its raw byte sequence payload.
     */
    static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int length = 0;
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[length++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    static boolean contentEquals(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int contentHash(List<byte[]> arrays) {
        int hash = 1;
        for (byte[] array : arrays) {
            hash = 31 * hash + Arrays.hashCode(array);
        }
        return hash;
    }

    /** Sizes of the arrays, for toString: "[26, 27]" instead of array identities or a hex dump. */
    static String sizes(List<byte[]> arrays) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < arrays.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(arrays.get(i).length);
        }
        return sb.append(']').toString();
    }

    /** A short array as hex ("0x1190"), a longer one by its size, so toString stays one line. */
    static String describe(byte[] array) {
        return array.length <= 8 ? "0x" + HexFormat.of().formatHex(array) : array.length + " bytes";
    }

    /** The signalled frame rate as printed by toString (integral rates without a fraction). */
    static String rate(double frameRate) {
        if (frameRate == Math.rint(frameRate)) {
            return Long.toString((long) frameRate);
        }
        return String.format(Locale.ROOT, "%.3f", frameRate);
    }
}
