package com.courtcast.loadtest.transcode;

/**
 * What one transcoder made for one rung over a run.
 *
 * @param name the rung, e.g. {@code 480p}
 * @param pictures coded pictures (-1 when the tool does not say)
 * @param keyframes IDR pictures among them (-1 when the tool does not say)
 * @param bytes coded video bytes
 */
public record RungOutput(String name, long pictures, long keyframes, long bytes) {

    /** The rung's mean video bitrate over {@code seconds} of input, in kbit/s. */
    public double kbps(double seconds) {
        return seconds > 0 ? bytes * 8 / seconds / 1000 : Double.NaN;
    }
}
