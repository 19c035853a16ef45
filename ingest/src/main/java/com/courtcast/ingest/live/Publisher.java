package com.courtcast.ingest.live;

/** The side of a publishing connection the live stream needs: who it is, and how to drop it. */
public interface Publisher {

    /** The encoder's address, for logs and status. */
    String remoteAddress();

    /** Ends the publish and closes the connection; called when another publisher takes over. */
    void evict(String reason);
}
