package org.kronika.query.programme;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The query side finds a municipality by the names the command side accepts, and refuses others in its words. */
class ProgrammeTest {

    private final Programme programme = Programme.ofContract();

    @Test
    void findsAMunicipalityInItsAlbanianDefiniteFormOrPastedWithHyphensOrInvisibleCharacters() {
        Map<String, String> written = new LinkedHashMap<>();
        written.put("Vushtrria", "Vushtrri");
        written.put("Zubin Potoku", "Zubin Potok");
        written.put("Kacaniku", "Kaçanik");
        written.put("Fushë-Kosovë", "Fushë Kosovë");
        written.put("Han i Elezit", "Hani i Elezit");
        written.put("Podujevë\u00A0", "Podujevë");
        written.put("Fushë\u202FKosovë", "Fushë Kosovë");
        written.put("\uFEFFPrishtinë\u200B", "Prishtinë");
        written.forEach((name, canonical) -> assertThat(programme.municipality(name)).as(name)
                .hasValueSatisfying(municipality -> assertThat(municipality.name()).isEqualTo(canonical)));
    }

    @Test
    void anUnknownNameIsRefusedShowingWhatCannotBeSeenAndTheMunicipalityItIsNear() {
        assertThat(programme.municipality("Gjilanë\u00A0")).isEmpty();
        assertThat(programme.unknown("Gjilanë\u00A0"))
                .isEqualTo("'Gjilanë\\u00A0' is not a municipality of the programme; did you mean Gjilan?");
        assertThat(programme.unknown("Atlantis\u200B")).isEqualTo("'Atlantis\\u200B' is not a municipality of the programme");
        assertThat(programme.didYouMean("Mitrovicaa")).isEqualTo("; did you mean Mitrovicë e Jugut or Mitrovicë e Veriut?");
        assertThat(programme.ambiguity("Kosovska\u00A0Mitrovica")).hasValueSatisfying(ambiguity -> {
            assertThat(ambiguity.choices()).containsExactly("Mitrovicë e Jugut", "Mitrovicë e Veriut");
            assertThat(ambiguity.why()).startsWith("'Kosovska\\u00A0Mitrovica' is ambiguous");
        });
    }
}
