package com.courtcast.ingest.rtmp.message;

import com.courtcast.common.media.TrackType;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The RTMP messages CourtCast reads and writes (RTMP spec 5.4, 6 and 7), one record per type.
 *
 * <p>Set Chunk Size and Abort travel inbound only as far as the chunk decoder, which applies them.
 * {@link Media} owns its payload: whoever receives one releases it.
 */
public sealed interface RtmpMessage {

    /** Type 1: the sender's new maximum chunk size. */
    record SetChunkSize(int size) implements RtmpMessage {}

    /** Type 3: bytes received so far (mod 2^32). */
    record Acknowledgement(long sequenceNumber) implements RtmpMessage {}

    /** Type 5: the sender wants an Acknowledgement after this many bytes. */
    record WindowAckSize(long size) implements RtmpMessage {}

    /** Type 6: limits the peer's output bandwidth (limit type 0 hard, 1 soft, 2 dynamic). */
    record SetPeerBandwidth(long size, int limitType) implements RtmpMessage {}

    /** Type 4: a User Control event (RTMP spec 7.1.7), e.g. Stream Begin or a ping. */
    record UserControl(int event, long value, long extra) implements RtmpMessage {
        public static final int STREAM_BEGIN = 0;
        public static final int STREAM_EOF = 1;
        public static final int SET_BUFFER_LENGTH = 3;
        public static final int PING_REQUEST = 6;
        public static final int PING_RESPONSE = 7;
    }

    /**
     * Types 20 and 17: a remote call such as {@code connect} or {@code publish}.
     *
     * @param commandObject the third AMF value (usually an object or null)
     * @param arguments the values after the command object
     */
    record Command(int messageStreamId, String name, double transactionId, Object commandObject,
                   List<Object> arguments) implements RtmpMessage {

        public Object argument(int index) {
            return index < arguments.size() ? arguments.get(index) : null;
        }
    }

    /** Types 18 and 15: data such as {@code @setDataFrame onMetaData}. */
    record Data(int messageStreamId, long timestamp, List<Object> values) implements RtmpMessage {}

    /** Types 8 and 9: one FLV audio or video tag body. The receiver releases {@code payload}. */
    record Media(TrackType track, int messageStreamId, long timestamp, ByteBuf payload) implements RtmpMessage {}

    /** A message type CourtCast has no use for (shared objects, stray acknowledgements). */
    record Ignored(int typeId, int length) implements RtmpMessage {}
}
