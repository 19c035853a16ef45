package com.courtcast.app;

/**
 * The server roles a node can run. Later roles (edge, dns) join this list as they exist.
 * {@link #ORIGIN} packages what the ingest of the same process receives and serves it as LL-HLS.
 */
public enum Role {
    INGEST,
    ORIGIN
}
