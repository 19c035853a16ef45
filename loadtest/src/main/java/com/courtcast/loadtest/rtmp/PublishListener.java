package com.courtcast.loadtest.rtmp;

/** What a {@link PublishSessionHandler} tells its publisher. Called on the channel's event loop. */
interface PublishListener {

    /** The server answered {@code NetStream.Publish.Start}: media may be sent on {@code streamId}. */
    void publishing(int streamId);

    /** The session failed before or while publishing; the connection is being closed. */
    void failed(String reason);

    /** The connection closed, for whatever reason. */
    void closed();
}
