package org.kronika.query.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersTest {

    @ParameterizedTest
    @ValueSource(strings = {"+1", "\u0661", "\uFF11", "1 ", " 1", "1.0", "0x1", "", "9223372036854775808", "01", "007",
            "-0"})
    void aPageNumberInAnyOtherFormThanPlainAsciiDigitsIsRefusedNamingTheParameter(String page) {
        assertThatThrownBy(() -> Parameters.bounded("page", page, 0, 0, 100))
                .isInstanceOfSatisfying(InvalidParameter.class, refused -> {
                    assertThat(refused.parameter()).isEqualTo("page");
                    assertThat(refused).hasMessage("must be a whole number");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "42", "100"})
    void asciiDigitsWithinTheBoundsAreRead(String page) {
        assertThat(Parameters.bounded("page", page, 0, 0, 100)).isEqualTo(Integer.parseInt(page));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31", "-999999999-01-01", "+10000-01-01", "10000-01-01", "-0001-01-01",
            "24-06-30", "٢٠٢٤-06-30"})
    void aDateWhoseYearIsNotFourAsciiDigitsIsRefusedNamingTheParameter(String day) {
        assertThatThrownBy(() -> Parameters.date("asOf", day))
                .isInstanceOfSatisfying(InvalidParameter.class, refused -> assertThat(refused.parameter()).isEqualTo("asOf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z"})
    void anInstantWhoseYearIsNotFourAsciiDigitsIsRefusedNamingTheParameter(String moment) {
        assertThatThrownBy(() -> Parameters.instant("knownAt", moment))
                .isInstanceOfSatisfying(InvalidParameter.class, refused -> assertThat(refused.parameter()).isEqualTo("knownAt"));
    }

    @org.junit.jupiter.api.Test
    void theFirstAndLastDaysOfFourDigitYearsAreRead() {
        assertThat(Parameters.date("asOf", "0001-01-01")).isEqualTo(java.time.LocalDate.of(1, 1, 1));
        assertThat(Parameters.date("asOf", "9999-12-31")).isEqualTo(java.time.LocalDate.of(9999, 12, 31));
        assertThat(Parameters.instant("knownAt", "9999-12-31T23:59:59Z")).isEqualTo(java.time.Instant.parse("9999-12-31T23:59:59Z"));
    }

    /**
     * An instant to come is refused, but for a minute: an event's recording time runs ahead of this clock by as much
     * as another instance's clock is ahead, and it is asked of at once.
     */
    @org.junit.jupiter.api.Test
    void aKnownAtToComeIsRefusedButForTheMinuteClocksMayBeApart() {
        java.time.Instant now = java.time.Instant.parse("2026-12-07T12:00:00Z");
        java.time.Clock clock = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        assertThat(Parameters.knownAt("2026-12-07T12:01:00Z", clock)).isEqualTo(now.plusSeconds(60));
        assertThat(Parameters.knownAt("2024-06-30T10:00:00Z", clock)).isEqualTo(java.time.Instant.parse("2024-06-30T10:00:00Z"));
        assertThat(Parameters.knownAt(null, clock)).isNull();
        assertThatThrownBy(() -> Parameters.knownAt("2026-12-07T12:01:00.001Z", clock))
                .isInstanceOfSatisfying(InvalidParameter.class, refused -> assertThat(refused.parameter()).isEqualTo("knownAt"))
                .hasMessageContaining("must not be after now (2026-12-07T12:00:00Z, a minute allowed for clocks apart)");
    }

    @org.junit.jupiter.api.Test
    void aNegativeNumberIsReadWhereTheBoundsAllowIt() {
        assertThat(Parameters.number("from", "-1", -1, 10)).isEqualTo(-1);
    }
}
