package com.courtcast.loadtest.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlaylistMemoTest {

    private static final String PLAYLIST = """
            #EXTM3U
            #EXT-X-MEDIA-SEQUENCE:7
            #EXT-X-PART:DURATION=0.333,URI="s-part21.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="s-part22.m4s"
            """;

    @Test
    void theSameBytesAreReadOnceAndNewBytesAfresh() {
        PlaylistMemo memo = new PlaylistMemo();
        ByteBuf first = bytes(PLAYLIST);
        ByteBuf again = bytes(PLAYLIST);
        ByteBuf next = bytes(PLAYLIST.replace("part22", "part23"));

        PlaylistMemo.View view = memo.view(first);
        assertThat(view.preloadHint()).isEqualTo("s-part22.m4s");
        assertThat(view.newest()).isEqualTo(new PlaylistParts.Listed("s-part21.m4s", new PartPosition(7, 0)));
        assertThat(memo.view(again)).isSameAs(view);
        assertThat(memo.view(next).preloadHint()).isEqualTo("s-part23.m4s");
        // The memo copied what it keeps: the callers' buffers are theirs to release.
        assertThat(first.refCnt()).isEqualTo(1);
    }

    @Test
    void noBodyIsAnEmptyPlaylist() {
        PlaylistMemo.View view = new PlaylistMemo().view(null);
        assertThat(view.preloadHint()).isNull();
        assertThat(view.newest()).isNull();
        assertThat(view.listed()).isEmpty();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
