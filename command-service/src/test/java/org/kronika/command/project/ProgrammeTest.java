package org.kronika.command.project;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgrammeTest {

    private final Programme programme = ProjectFixtures.programme();

    @Test
    void knowsKosovosThirtyEightMunicipalitiesAndTirana() {
        assertThat(programme.municipalities()).hasSize(39);
        assertThat(programme.canonicalMunicipality("Tirana")).contains("Tiranë");
    }

    @Test
    void acceptsSerbianShortDefiniteAndUnaccentedNames() {
        assertThat(programme.canonicalMunicipality("Priština")).contains("Prishtinë");
        assertThat(programme.canonicalMunicipality("Prishtina")).contains("Prishtinë");
        assertThat(programme.canonicalMunicipality("fushe kosove")).contains("Fushë Kosovë");
        assertThat(programme.canonicalMunicipality("Uroševac")).contains("Ferizaj");
        assertThat(programme.canonicalMunicipality("Gllogoc")).contains("Drenas");
    }

    /** Đ has no decomposition that stripping diacritics could take off: "D" and "Dj" are how it is typed. */
    @Test
    void acceptsANameWithAStrokedDWrittenWithDOrDj() {
        for (String written : List.of("Đakovica", "Dakovica", "Djakovica", "djakovica")) {
            assertThat(programme.canonicalMunicipality(written)).as(written).contains("Gjakovë");
            assertThat(programme.requireMunicipality("municipality", written)).as(written).isEqualTo("Gjakovë");
        }
    }

    @Test
    void refusesMitrovicaAloneBecauseItIsAmbiguous() {
        assertThatThrownBy(() -> programme.requireMunicipality("municipality", "Mitrovica"))
                .isInstanceOf(ProjectRuleViolation.class)
                .hasMessageContaining("ambiguous").hasMessageContaining("Mitrovicë e Veriut");
    }

    @Test
    void refusesAnUnknownPlace() {
        assertThatThrownBy(() -> programme.requireMunicipality("municipality", "Atlantis"))
                .isInstanceOf(ProjectRuleViolation.class).hasMessageContaining("not a municipality");
    }

    @Test
    void hasQuarterlyReportingPeriods() {
        assertThat(programme.reportingPeriods()).extracting(Programme.Quarter::periodId)
                .contains("2024-Q3").doesNotContain("2024-Q5");
    }

    @Test
    void countsDaysAsThePlacesItWorksInDoNotAsUtcDoes() {
        Instant halfPastMidnightInPrishtina = Instant.parse("2024-12-31T23:30:00Z");
        Clock clock = programme.clock(Clock.fixed(halfPastMidnightInPrishtina, ZoneOffset.UTC));

        assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(clock.instant()).isEqualTo(halfPastMidnightInPrishtina);
    }

    @Test
    void countsDaysInUtcWhenItsFileNamesNoTimeZone() {
        var withoutZone = new Programme(programme.programmeId(), programme.name(), programme.municipalities(),
                programme.ambiguousNames(), programme.sexCategories(), programme.ageBands(), programme.communities(),
                programme.reportingPeriods(), null);

        assertThat(LocalDate.now(withoutZone.clock(Clock.fixed(Instant.parse("2024-12-31T23:30:00Z"), ZoneOffset.UTC))))
                .isEqualTo(LocalDate.of(2024, 12, 31));
    }
}
