/**
 * Recording of live hearings to disk, for serving as VOD later and across restarts.
 *
 * <p>{@link com.courtcast.origin.recording.Recorder} is the write side: the live packager hands it
 * init and media segments and never waits on the disk. {@link com.courtcast.origin.recording.RecordingCatalog}
 * is the read side: it lists recordings from what is durably on disk and resolves files for serving.
 *
 * <h2>Layout</h2>
 * <pre>
 * root/&lt;stream&gt;/&lt;recordingId&gt;/&lt;rendition&gt;/
 *     .journal            append-only index of this rendition (see below)
 *     init-*.mp4 ...      fMP4 init segments, names as given by the packager
 *     *.m4s ...           media segments, names as given by the packager
 *     .&lt;name&gt;.tmp         a write in progress (never listed, removed on failure and at start-up)
 * </pre>
 * A recording id is {@code yyyyMMdd'T'HHmmss'Z'-xxxxxx} (UTC start time, six random hex digits), so
 * ids sort by start time.
 *
 * <h2>Journal</h2>
 * One record per line, space separated, the last field a CRC-32 (8 hex digits) of the text before it:
 * <pre>
 * H 1 &lt;stream&gt; &lt;recordingId&gt; &lt;rendition&gt; &lt;crc&gt;                 header, always first
 * I &lt;file&gt; &lt;bytes&gt; &lt;crc&gt;                                        an init segment is durable
 * S &lt;msn&gt; &lt;file&gt; &lt;init&gt; &lt;durationMicros&gt; &lt;pdt|-&gt; &lt;0|1&gt; &lt;bytes&gt; &lt;crc&gt;  a media segment is durable
 * E &lt;clean|abandoned&gt; &lt;crc&gt;                                      the rendition ended
 * </pre>
 * A line is appended only after the file it names is fsynced, renamed into place and its
 * directory fsynced, so a listed file is always complete. A torn last line (crash mid-append) has
 * no newline and is ignored; a line whose CRC does not match is ignored wherever it is. A
 * rendition that is started again within the same recording appends after its {@code E} line; the
 * rendition counts as ended when its last record is {@code E}.
 */
package com.courtcast.origin.recording;
