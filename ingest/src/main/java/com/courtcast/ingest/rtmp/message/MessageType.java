package com.courtcast.ingest.rtmp.message;

/** RTMP message type ids (RTMP spec 5.4 and 7.1). */
final class MessageType {

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    static final int ACKNOWLEDGEMENT = 3;
    static final int USER_CONTROL = 4;
    static final int WINDOW_ACK_SIZE = 5;
    static final int SET_PEER_BANDWIDTH = 6;
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int DATA_AMF3 = 15;
    static final int SHARED_OBJECT_AMF3 = 16;
    static final int COMMAND_AMF3 = 17;
    static final int DATA_AMF0 = 18;
    static final int SHARED_OBJECT_AMF0 = 19;
    static final int COMMAND_AMF0 = 20;
    static final int AGGREGATE = 22;

    private MessageType() {
    }
}
