package com.courtcast.ingest.rtmp.amf;

/** Values of AMF0 that have no natural Java counterpart. */
public final class Amf0 {

    /**
     * ActionScript's {@code undefined}, distinct from {@code null}: what the undefined (0x06) and
     * unsupported (0x0D) markers decode to, and what encodes as undefined. Compare with {@code ==}.
     */
    public static final Object UNDEFINED = new Undefined();

    private Amf0() {
    }

    private static final class Undefined {
        @Override
        public String toString() {
            return "undefined";
        }
    }
}
