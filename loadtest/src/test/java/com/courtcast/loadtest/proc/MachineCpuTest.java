package com.courtcast.loadtest.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void idleAndIowaitAreNotBusyAndGuestTimeIsNotCountedTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu cpu = MachineCpu.parse("cpu  100 5 50 1000 20 3 2 1 40 0");
        assertThat(cpu.busyTicks()).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
        assertThat(cpu.totalTicks()).isEqualTo(100 + 5 + 50 + 1000 + 20 + 3 + 2 + 1);
        MachineCpu later = MachineCpu.parse("cpu  300 5 50 1100 20 3 2 1 40 0");
        assertThat(later.busySecondsSince(cpu)).isEqualTo(2.0);
    }

    @Test
    void refusesAPerCoreLine() {
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class);
    }
}
