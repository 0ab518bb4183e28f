package org.kronika.command.project;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** As a year of rows from a spreadsheet has them: definite forms, hyphens, no-break and zero-width spaces. */
    @Test
    void acceptsAlbanianDefiniteFormsAndNamesPastedWithHyphensOrInvisibleCharacters() {
        Map<String, String> written = new LinkedHashMap<>();
        written.put("Vushtrria", "Vushtrri");
        written.put("Shtimja", "Shtime");
        written.put("Vitia", "Viti");
        written.put("Istogu", "Istog");
        written.put("Juniku", "Junik");
        written.put("Kaçaniku", "Kaçanik");
        written.put("Kacaniku", "Kaçanik");
        written.put("Zubin Potoku", "Zubin Potok");
        written.put("Fushë-Kosovë", "Fushë Kosovë");
        written.put("Fushe-Kosove", "Fushë Kosovë");
        written.put("Han i Elezit", "Hani i Elezit");
        written.put("Podujevë\u00A0", "Podujevë");
        written.put("Fushë\u202FKosovë", "Fushë Kosovë");
        written.put("Fushë  Kosovë", "Fushë Kosovë");
        written.put("\uFEFFPrishtinë\u200B", "Prishtinë");
        written.put("Gji\u200Clan\u200D", "Gjilan");
        written.put("Pejë\u2060", "Pejë");
        written.forEach((name, canonical) -> assertThat(programme.requireMunicipality("municipality", name))
                .as(name).isEqualTo(canonical));
    }

    /** The name echoed as it came, what cannot be seen shown by its code, and the municipality it is near. */
    @Test
    void refusesAnUnknownNameShowingItsInvisibleCharactersAndTheMunicipalityItIsNear() {
        assertThatThrownBy(() -> programme.requireMunicipality("municipality", "Gjilanë\u00A0"))
                .isInstanceOf(ProjectRuleViolation.class).hasMessage("'Gjilanë\\u00A0' is not a municipality of "
                        + "programme kosovo-albania-civil-society; did you mean Gjilan?");
        assertThatThrownBy(() -> programme.requireMunicipality("municipality", "Atlantis\u200B"))
                .isInstanceOf(ProjectRuleViolation.class).hasMessage("'Atlantis\\u200B' is not a municipality of "
                        + "programme kosovo-albania-civil-society");
        assertThatThrownBy(() -> programme.requireMunicipality("municipality", "Mitrovicaa"))
                .isInstanceOf(ProjectRuleViolation.class).hasMessageEndingWith(
                        "; did you mean Mitrovicë e Jugut or Mitrovicë e Veriut?");
        assertThatThrownBy(() -> programme.requireMunicipality("municipality", "\u00A0\u200B"))
                .isInstanceOf(ProjectRuleViolation.class).hasMessage("must name a municipality");
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
                programme.reportingPeriods(), null, null);

        assertThat(LocalDate.now(withoutZone.clock(Clock.fixed(Instant.parse("2024-12-31T23:30:00Z"), ZoneOffset.UTC))))
                .isEqualTo(LocalDate.of(2024, 12, 31));
    }

    /** A deployment's own programme file with no aliases and no ambiguous names, as the query side accepts it. */
    @Test
    void aProgrammeFileWithoutAliasesOrAmbiguousNamesStillNamesItsPlaces() {
        var plain = new Programme("p", "Plain", List.of(new Programme.Municipality("Prizren", "Kosovo", null)), null,
                programme.sexCategories(), programme.ageBands(), programme.communities(), programme.reportingPeriods(),
                null, null);

        assertThat(plain.requireMunicipality("municipality", "prizren")).isEqualTo("Prizren");
        assertThatThrownBy(() -> plain.requireMunicipality("municipality", "Atlantis"))
                .isInstanceOf(ProjectRuleViolation.class).hasMessageContaining("not a municipality");
    }
}
