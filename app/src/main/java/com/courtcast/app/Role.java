package com.courtcast.app;

/** The server roles a node can run. Later roles (origin, edge, dns) join this list as they exist. */
public enum Role {
    INGEST
}
