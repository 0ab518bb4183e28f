package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.kronika.query.programme.Programme;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class MomentTest {

    private final Programme programme = Programme.ofContract();

    @Test
    void aFileAsKnownAtAnInstantSeesWithTheDayOfThatInstantWhereTheProgrammeWorks() {
        // Half past midnight on New Year's Day in Prishtina and Tirana, still the old year in UTC.
        var moment = new Moment(null, Instant.parse("2024-12-31T23:30:00Z"));

        assertThat(moment.day(LocalDate.of(2026, 12, 2), programme.timeZone())).isEqualTo(LocalDate.of(2025, 1, 1));
    }

    @Test
    void aFileAsOfADateSeesWithTheEarlierOfThatDateAndTheInstantsDay() {
        var moment = new Moment(LocalDate.of(2024, 6, 30), Instant.parse("2024-12-31T23:30:00Z"));

        assertThat(moment.day(LocalDate.of(2026, 12, 2), programme.timeZone())).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(Moment.NOW.day(LocalDate.of(2026, 12, 2), programme.timeZone()))
                .isEqualTo(LocalDate.of(2026, 12, 2));
    }
}
