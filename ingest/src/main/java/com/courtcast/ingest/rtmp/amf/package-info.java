/**
 * AMF0, the value encoding of RTMP command and data messages (Adobe "Action Message Format --
 * AMF 0"), with just enough AMF3 to read the scalar values some publishers embed after the AVM+
 * switch marker.
 *
 * <p>{@link com.courtcast.ingest.rtmp.amf.Amf0Decoder} turns a message body into plain Java
 * values and {@link com.courtcast.ingest.rtmp.amf.Amf0Encoder} does the reverse. Both work on
 * Netty {@code ByteBuf}s and neither retains nor releases them.
 *
 * <h2>Decoded values</h2>
 * <table>
 *   <caption>AMF type to Java type</caption>
 *   <tr><th>AMF0 type (marker)</th><th>Java value</th></tr>
 *   <tr><td>number (0x00)</td><td>{@link java.lang.Double}</td></tr>
 *   <tr><td>boolean (0x01)</td><td>{@link java.lang.Boolean}</td></tr>
 *   <tr><td>string (0x02), long string (0x0C), XML document (0x0F)</td>
 *       <td>{@link java.lang.String}</td></tr>
 *   <tr><td>object (0x03), ECMA array (0x08), typed object (0x10)</td>
 *       <td>{@code LinkedHashMap<String, Object>} in wire order; a typed object's class name is
 *       dropped</td></tr>
 *   <tr><td>strict array (0x0A)</td><td>{@code List<Object>}</td></tr>
 *   <tr><td>null (0x05)</td><td>{@code null}</td></tr>
 *   <tr><td>undefined (0x06), unsupported (0x0D)</td>
 *       <td>{@link com.courtcast.ingest.rtmp.amf.Amf0#UNDEFINED}</td></tr>
 *   <tr><td>date (0x0B)</td><td>{@link java.time.Instant}, whole milliseconds; the time-zone
 *       field is ignored, as the specification asks</td></tr>
 *   <tr><td>reference (0x07)</td><td>the same instance as the earlier object, typed object,
 *       ECMA array or strict array it points at (numbered from 0 in order of appearance within
 *       one decode call)</td></tr>
 *   <tr><td>AVM+ switch (0x11) + AMF3 undefined, null, false, true, integer, double,
 *       string</td><td>as above; AMF3 integers become {@link java.lang.Double} too, so every
 *       number reads the same way</td></tr>
 * </table>
 *
 * <h2>Encoded values</h2>
 * <p>Any {@link java.lang.Number} (as a double), {@link java.lang.Boolean}, {@link
 * java.lang.String} (a long string once it needs more than 65535 UTF-8 bytes), {@code
 * Map<String, ?>} (object), {@link com.courtcast.ingest.rtmp.amf.EcmaArray} (ECMA array), {@code
 * List<?>} (strict array), {@code null}, {@link com.courtcast.ingest.rtmp.amf.Amf0#UNDEFINED} and
 * {@link java.time.Instant} (date). Anything else is an {@link java.lang.IllegalArgumentException}.
 *
 * <h2>Untrusted input</h2>
 * <p>A publisher controls every byte the decoder reads. Decoding is bounded by {@link
 * com.courtcast.ingest.rtmp.amf.AmfLimits} (nesting depth, values per call, string size), never
 * sizes anything from a declared count before checking it, and reports every malformed input as
 * a checked {@link com.courtcast.ingest.rtmp.amf.AmfException} naming the problem and its byte
 * offset. RTMP's "AMF3 command" (message type 17) is a single 0x00 format byte followed by AMF0
 * values; the message layer skips that byte before calling the decoder.
 */
package com.courtcast.ingest.rtmp.amf;
