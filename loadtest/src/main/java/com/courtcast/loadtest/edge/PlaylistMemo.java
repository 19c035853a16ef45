package com.courtcast.loadtest.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the last playlist an event loop's viewers received says, kept so that the thousand viewers
 * on the loop who receive the same bytes for a part read them once: comparing bytes is far cheaper
 * than decoding and scanning text, and the garbage of a thousand copies would pause the bench
 * JVM for collections that delay every viewer's reads alike. One per event loop; not thread-safe.
 */
final class PlaylistMemo {

    /** A playlist's text and the facts a viewer follows it by, each worked out at most once. */
    static final class View {
        private final String text;
        private boolean hintRead;
        private String hint;
        private boolean newestRead;
        private PlaylistParts.Listed newest;
        private List<PlaylistParts.Listed> listed;

        View(String text) {
            this.text = text;
        }

        /** The URI of the PRELOAD-HINT for the next part, or null. */
        String preloadHint() {
            if (!hintRead) {
                hint = PlaylistParts.preloadHint(text);
                hintRead = true;
            }
            return hint;
        }

        /** The newest part listed, or null. */
        PlaylistParts.Listed newest() {
            if (!newestRead) {
                newest = PlaylistParts.newest(text);
                newestRead = true;
            }
            return newest;
        }

        List<PlaylistParts.Listed> listed() {
            if (listed == null) {
                listed = List.copyOf(PlaylistParts.listed(text));
            }
            return listed;
        }
    }

    private static final View EMPTY = new View("");

    private ByteBuf lastBytes;
    private View lastView;

    /** The view of {@code body} (not retained: the caller keeps it); an empty playlist's when there is none. */
    View view(ByteBuf body) {
        if (body == null || !body.isReadable()) {
            return EMPTY;
        }
        if (lastBytes != null && ByteBufUtil.equals(lastBytes, body)) {
            return lastView;
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        lastBytes = Unpooled.wrappedBuffer(bytes);
        lastView = new View(new String(bytes, StandardCharsets.UTF_8));
        return lastView;
    }
}
