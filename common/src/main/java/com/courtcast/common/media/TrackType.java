package com.courtcast.common.media;

/** The kind of elementary stream an access unit or codec configuration belongs to. */
public enum TrackType {
    VIDEO,
    AUDIO
}
