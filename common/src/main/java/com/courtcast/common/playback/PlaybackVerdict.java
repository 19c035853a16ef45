package com.courtcast.common.playback;

/** The outcome of checking a playback request against a stream's restriction. */
public enum PlaybackVerdict {
    ALLOWED(null),
    MISSING("this hearing is restricted: the playback link has no token (cc_exp, cc_sig)"),
    MALFORMED("this hearing is restricted: the playback token is malformed"),
    EXPIRED("this hearing is restricted: the playback link has expired"),
    BAD_SIGNATURE("this hearing is restricted: the playback token is not valid for this stream"),
    WRONG_NETWORK("this hearing is restricted: the playback link is not valid from this network");

    private final String reason;

    PlaybackVerdict(String reason) {
        this.reason = reason;
    }

    public boolean allowed() {
        return this == ALLOWED;
    }

    /** Why a refused request was refused, for the 403 body; null when allowed. */
    public String reason() {
        return reason;
    }
}
