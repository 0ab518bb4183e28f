package org.kronika.query.report;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** What is overdue: ended, past its due date (the day after its end if it names none), and not in. */
class PeriodStatusTest {

    private static final LocalDate END = LocalDate.of(2024, 3, 31);

    @Test
    void aReportIsOverdueOncePastItsDueDateWhileNotIn() {
        assertThat(period("open", LocalDate.of(2024, 4, 30)).overdueOn(LocalDate.of(2024, 4, 30)))
                .as("on its due date").isFalse();
        assertThat(period("open", LocalDate.of(2024, 4, 30)).overdueOn(LocalDate.of(2024, 5, 1))).isTrue();
        assertThat(period("returned", LocalDate.of(2024, 4, 30)).overdueOn(LocalDate.of(2024, 5, 1)))
                .isTrue();
        for (String in : new String[]{"submitted", "approved"}) {
            assertThat(period(in, LocalDate.of(2024, 4, 30)).overdueOn(LocalDate.of(2025, 1, 1))).as(in)
                    .isFalse();
        }
    }

    @Test
    void aPeriodWithoutADueDateIsDueTheDayAfterItsEnd() {
        assertThat(period("open", null).overdueOn(END.plusDays(1))).as("its due day").isFalse();
        assertThat(period("open", null).overdueOn(END.plusDays(2))).isTrue();
    }

    private static PeriodStatus period(String status, LocalDate due) {
        return new PeriodStatus("2024-Q1", "quarters", "Q1 2024", LocalDate.of(2024, 1, 1), END, due, status, null, 0,
                false);
    }
}
