package com.courtcast.app;

/**
 * The server roles a node can run. Later roles (dns) join this list as they exist.
 * {@link #ORIGIN} packages what the ingest of the same process receives and serves it as LL-HLS;
 * {@link #EDGE} caches and serves what origins serve, its own process's origin when there is one.
 */
public enum Role {
    INGEST,
    ORIGIN,
    EDGE
}
