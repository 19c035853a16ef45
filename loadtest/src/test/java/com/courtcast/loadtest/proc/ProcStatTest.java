package com.courtcast.loadtest.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    /** A real line's shape (proc(5)), with a command name that contains ") " to trip naive parsers. */
    static final String LINE = "4242 (nginx: worker) (x) S 4200 4200 4200 0 -1 4194624 5711 0 0 0 1234 567 8 9 20 0 "
            + "3 0 98765 120000000 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void readsTheFieldsAfterTheLastClosingParenthesis() {
        ProcStat stat = ProcStat.parse(LINE);
        assertThat(stat.pid()).isEqualTo(4242);
        assertThat(stat.command()).isEqualTo("nginx: worker) (x");
        assertThat(stat.state()).isEqualTo('S');
        assertThat(stat.parentPid()).isEqualTo(4200);
        assertThat(stat.userTicks()).isEqualTo(1234);
        assertThat(stat.systemTicks()).isEqualTo(567);
        assertThat(stat.cpuTicks()).isEqualTo(1801);
        assertThat(stat.threads()).isEqualTo(3);
        assertThat(stat.rssPages()).isEqualTo(2560);
    }

    @Test
    void refusesLinesThatAreNotStatLines() {
        assertThatThrownBy(() -> ProcStat.parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse("1 (init) S 0 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields");
    }

    @Test
    void readsItsOwnProcess() throws Exception {
        String self = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")).strip();
        ProcStat stat = ProcStat.parse(self);
        assertThat(stat.threads()).isPositive();
        assertThat(stat.rssPages()).isPositive();
    }
}
