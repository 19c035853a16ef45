package com.courtcast.common.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HlsTextTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "2, 2",
        "2.0, 2",
        "0.2, 0.2",
        "0.33334, 0.33334",
        "4.00008, 4.00008",
        "4.000081, 4.00008",
        "0.000004, 0",
        "0.00001, 0.00001",
        "1.10, 1.1",
        "10.4, 10.4",
        "1e-3, 0.001",
        "123456.5, 123456.5",
    })
    void writesDecimalsWithAtMostFiveDigitsAndNoTrailingZeros(double seconds, String expected) {
        StringBuilder out = new StringBuilder();
        HlsText.appendSeconds(out, seconds);
        assertThat(out).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "29.97002997, 29.970",
        "30, 30.000",
        "23.976023976, 23.976",
        "59.94005994, 59.940",
        "0.5, 0.500",
        "120.0004, 120.000",
    })
    void writesFrameRatesWithThreeDecimals(double frameRate, String expected) {
        StringBuilder out = new StringBuilder();
        HlsText.appendThreeDecimals(out, frameRate);
        assertThat(out).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-27T02:19:58.123Z, 2026-11-27T02:19:58.123Z",
        "2026-11-27T02:19:58Z, 2026-11-27T02:19:58.000Z",
        "2026-11-27T02:19:58.123999999Z, 2026-11-27T02:19:58.123Z",
        "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
        "0987-01-02T03:04:05.006Z, 0987-01-02T03:04:05.006Z",
        "2024-02-29T23:59:59.5Z, 2024-02-29T23:59:59.500Z",
    })
    void writesProgramDateTimesInUtcWithMilliseconds(String instant, String expected) {
        StringBuilder out = new StringBuilder();
        HlsText.appendDateTime(out, Instant.parse(instant));
        assertThat(out).hasToString(expected);
    }

    @Test
    void ignoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma
            StringBuilder out = new StringBuilder();
            HlsText.appendSeconds(out, 1.5);
            out.append(' ');
            HlsText.appendThreeDecimals(out, 29.97);
            assertThat(out).hasToString("1.5 29.970");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
