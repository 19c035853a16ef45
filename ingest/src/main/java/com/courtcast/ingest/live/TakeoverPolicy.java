package com.courtcast.ingest.live;

/** What happens when a second publisher arrives for a stream that is already live. */
public enum TakeoverPolicy {
    /**
     * The new connection wins and the old one is closed. The default: an encoder that lost its
     * network reconnects long before the server notices the old TCP connection died.
     */
    TAKE_OVER,
    /** The new connection is refused while the old one is publishing. */
    REJECT_NEW
}
