package com.courtcast.app.demo;

import java.nio.ByteBuffer;

/**
 * Draws a moving test picture into packed BGR24 frames: colour bars with a white box that crosses
 * the picture once every two seconds, so motion (and frozen video) is obvious to a viewer.
 */
final class TestPattern {

    private static final int[][] BARS_BGR = {
            {235, 235, 235}, {16, 235, 235}, {235, 235, 16}, {16, 235, 16},
            {235, 16, 235}, {16, 16, 235}, {235, 16, 16}, {16, 16, 16}};

    private final int width;
    private final int height;
    private final int fps;
    private final byte[] background;

    TestPattern(int width, int height, int fps) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.background = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] bar = BARS_BGR[x * BARS_BGR.length / width];
                int at = (y * width + x) * 3;
                background[at] = (byte) bar[0];
                background[at + 1] = (byte) bar[1];
                background[at + 2] = (byte) bar[2];
            }
        }
    }

    /** Writes frame number {@code frameIndex} into {@code bgr} (width x height x 3 bytes, no padding). */
    void draw(long frameIndex, ByteBuffer bgr) {
        bgr.clear();
        bgr.put(background);
        int box = Math.max(8, height / 6);
        long period = 2L * fps;
        int x0 = (int) ((frameIndex % period) * (width - box) / Math.max(1, period - 1));
        int y0 = (height - box) / 2;
        for (int y = y0; y < y0 + box; y++) {
            for (int x = x0; x < x0 + box; x++) {
                int at = (y * width + x) * 3;
                bgr.put(at, (byte) 255).put(at + 1, (byte) 255).put(at + 2, (byte) 255);
            }
        }
        bgr.clear();
    }
}
