package com.courtcast.loadtest.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpBacklogTest {

    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    /** Server side of a connection to port 0x0CEA (3306): established, 0x1F40 = 8000 bytes unread. */
    private static final String SERVER_SIDE =
            "   3: 0100007F:0CEA 0100007F:B3E2 01 00000000:00001F40 00:00000000 00000000     0        0 4711 1";
    private static final String LISTENER =
            "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4700 1";
    private static final String CLIENT_SIDE =
            "   4: 0100007F:B3E2 0100007F:0CEA 01 00000100:00000000 00:00000000 00000000     0        0 4712 1";
    private static final String IPV6_SERVER_SIDE = "   1: 0000000000000000FFFF00000100007F:0CEA "
            + "0000000000000000FFFF00000100007F:B3E4 01 00000000:00000010 00:00000000 00000000 0 0 4713 1";

    @Test
    void readsTheUnreadBytesOfEstablishedServerSockets() {
        assertThat(TcpBacklog.unreadBytes(SERVER_SIDE, 3306)).isEqualTo(8000);
        assertThat(TcpBacklog.unreadBytes(IPV6_SERVER_SIDE, 3306)).isEqualTo(16);
    }

    @Test
    void ignoresTheHeaderListenersAndTheClientSide() {
        assertThat(TcpBacklog.unreadBytes(HEADER, 3306)).isEqualTo(-1);
        assertThat(TcpBacklog.unreadBytes(LISTENER, 3306)).isEqualTo(-1);
        assertThat(TcpBacklog.unreadBytes(CLIENT_SIDE, 3306)).isEqualTo(-1);
    }
}
