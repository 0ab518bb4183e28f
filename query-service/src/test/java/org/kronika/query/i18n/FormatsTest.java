package org.kronika.query.i18n;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    private static Formats in(String language) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new Formats(Languages.supported(language), messages);
    }

    @Test
    void countsNeverShowADecimalAndNumbersFollowTheLanguage() {
        assertThat(in("en").number(1234.0)).isEqualTo("1,234");
        assertThat(in("sq").number(1234.0)).isEqualTo("1\u00a0234");
        assertThat(in("en").number(new BigDecimal("2.50"))).isEqualTo("2.5");
        assertThat(in("sq").number(2.5)).isEqualTo("2,5");
        assertThat(in("en").percent(92.5)).isEqualTo("92.5%");
    }

    @Test
    void datesPeriodsAndLabelsReadInTheLanguage() {
        assertThat(in("en").date(LocalDate.of(2024, 3, 12))).isEqualTo("Mar 12, 2024");
        assertThat(in("sq").date(LocalDate.of(2024, 3, 12))).isEqualTo("12 mar 2024");
        assertThat(in("en").period("2024-Q3")).isEqualTo("Q3 2024");
        assertThat(in("sq").period("2024-Q3")).isEqualTo("T3 2024");
        assertThat(in("en").period("outside:2021-11")).isEqualTo("November 2021 (outside the reporting periods)");
        assertThat(in("sq").label("sex", "female")).isEqualTo("femra");
        assertThat(in("sq").event("org.kronika.activity-corrected.v1")).isEqualTo("Aktiviteti u korrigjua");
        assertThat(in("en").label("community", "not-in-the-programme")).as("recorded as it is")
                .isEqualTo("not-in-the-programme");
    }

    /** A correction's changed fields and values, as the timeline shows them beside each other. */
    @Test
    void correctedFieldsAndTheirValuesReadInTheLanguage() {
        assertThat(in("sq").field("participants.bySex.female")).isEqualTo("pjesëmarrës: femra");
        assertThat(in("en").field("participants.total")).isEqualTo("participants");
        assertThat(in("sq").field("occurredOn")).isEqualTo("data");
        assertThat(in("en").field("document.url")).as("a field without a name shows its path").isEqualTo("document.url");
        assertThat(in("sq").fact("2024-03-12")).isEqualTo("12 mar 2024");
        assertThat(in("sq").fact(2.5)).isEqualTo("2,5");
        assertThat(in("en").fact(java.util.List.of("Ferizaj", "Gjilan"))).isEqualTo("Ferizaj, Gjilan");
        assertThat(in("en").fact("Case management")).isEqualTo("Case management");
        assertThat(in("en").fact("2024-02-30")).as("text shaped like a date is text").isEqualTo("2024-02-30");
    }
}
