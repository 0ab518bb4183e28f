package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.i18n.Formats;
import org.kronika.query.i18n.Languages;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.tally.TallyView;
import org.kronika.query.trace.Figure;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** A dashboard's table of participants per category: in the programme's order, each in the reader's language. */
class BreakdownsTest {

    private static final String P = "tirana-forum";
    private static final ResourceBundleMessageSource MESSAGES = new ResourceBundleMessageSource();

    static {
        MESSAGES.setBasename("messages");
        MESSAGES.setDefaultEncoding("UTF-8");
        MESSAGES.setFallbackToSystemLocale(false);
    }

    private final Programme programme = Programme.ofContract();

    /**
     * Albania's national minorities (Law 96/2017) are communities of the programme: a Tirana project's participants
     * of them are counted, shown in the programme's order (before "other", not after it as a category the programme
     * does not know) and named in Albanian, not by their keys.
     */
    @Test
    void aTiranaProjectsParticipantsOfAlbaniasMinoritiesAreProjectedAndShownInAlbanianInTheProgrammesOrder() {
        FoldedProject project = new FoldedProject(P, programme.periods()).apply(
                new ProjectRegistered(P, "tirana-forum", "Forum of Tirana's minorities", false, "Participation",
                        null, null, null, null, List.of("Tiranë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new TrainingDelivered(P, "t-1", "Minorities and the municipal budget", LocalDate.of(2024, 3, 12),
                        "Tiranë", new Participants(45, Map.of(), Map.of(), Map.of("other", 2, "bulgarian", 3,
                        "aromanian", 9, "macedonian", 7, "greek", 12, "roma", 4)), null, List.of(), null, 1));

        TallyView.ParticipantsView participants = new ProjectViews(programme.periods())
                .view(project.summary(), LocalDate.of(2024, 6, 1), null, null, false).totals().participants();
        Formats albanian = new Formats.Shared(MESSAGES, ZoneId.of("Europe/Tirane"), Map.of("Tiranë", "AL"))
                .in(Languages.ALBANIAN);
        Breakdown table = new Breakdowns(programme, albanian, Figure.whole(), null)
                .participants("community", participants.byCommunity(), participants.total());

        assertThat(table.rows()).extracting(Breakdown.Row::key, Breakdown.Row::label, row -> row.values().get(0))
                .containsExactly(tuple("roma", "romë", 4L), tuple("greek", "grekë", 12L),
                        tuple("macedonian", "maqedonas", 7L), tuple("aromanian", "arumunë", 9L),
                        tuple("bulgarian", "bullgarë", 3L), tuple("other", "të tjerë", 2L),
                        tuple("unspecified", "pa u deklaruar", 8L));
    }
    /** Kosovo's municipalities as the read models might hand them over: in no order of any reader's. */
    private static Map<String, long[]> places() {
        Map<String, long[]> places = new java.util.LinkedHashMap<>();
        for (String place : List.of("Skënderaj", "(none)", "Gjilan", "Shtërpcë", "Graçanicë", "Ferizaj", "Gjakovë")) {
            places.put(place, new long[]{1, 2});
        }
        return places;
    }

    /**
     * Places are rows in the order of the reader's alphabet: in Albanian gj is a letter after g and sh one after s
     * (Graçanicë before Gjakovë, Skënderaj before Shtërpcë), in English they are not; national level, no place, last.
     */
    @Test
    void placesAreRowsInTheReadersAlphabeticalOrderWithNationalLevelLast() {
        assertThat(new Breakdowns(programme, formats(Languages.ALBANIAN), Figure.whole(), null)
                .places(places(), null).rows()).extracting(Breakdown.Row::key).containsExactly("Ferizaj",
                        "Graçanicë", "Gjakovë", "Gjilan", "Skënderaj", "Shtërpcë", "(none)");
        assertThat(new Breakdowns(programme, formats(Languages.ENGLISH), Figure.whole(), null)
                .places(places(), null).rows()).extracting(Breakdown.Row::key).containsExactly("Ferizaj",
                        "Gjakovë", "Gjilan", "Graçanicë", "Shtërpcë", "Skënderaj", "(none)");
    }

    /** An indicator's places too, those with a target of their own as well as those without. */
    @Test
    void anIndicatorsPlacesAreRowsInTheReadersAlphabeticalOrder() {
        // The read model's own order is its keys' code points: "(none)" first, Graçanicë after Gjilan.
        java.util.SortedMap<String, Double> achieved = new java.util.TreeMap<>();
        places().keySet().forEach(place -> achieved.put(place, 1.0));
        org.kronika.query.indicator.ProgressView progress = new org.kronika.query.indicator.ProgressView(
                1, 0, 10, 0.1, 7, achieved, Map.of(), Map.of(), Map.of(), List.of(), new java.util.TreeMap<>());
        assertThat(new Breakdowns(programme, formats(Languages.ALBANIAN), Figure.whole(), null)
                .indicatorPlaces("i-1", null, progress).rows()).extracting(Breakdown.Row::key)
                .containsExactly("Ferizaj", "Graçanicë", "Gjakovë", "Gjilan", "Skënderaj", "Shtërpcë", "(none)");
    }

    /** Activities by type in the order of their names as the reader reads them, not of their keys. */
    @Test
    void activityTypesAreRowsInTheOrderOfTheirNamesInTheReadersLanguage() {
        Map<String, TallyView.TypeView> types = new java.util.LinkedHashMap<>();
        for (String type : List.of("training-delivered", "award-granted", "regulation-progressed", "meeting-held",
                "document-published", "recommendation-adopted")) {
            types.put(type, new TallyView.TypeView(1, 2));
        }
        // Dhënie is after Dokument, Rregullore after Rekomandim: dh and rr are letters of their own.
        assertThat(new Breakdowns(programme, formats(Languages.ALBANIAN), Figure.whole(), null).types(types).rows())
                .extracting(Breakdown.Row::label).containsExactly("Dokument i publikuar", "Dhënie burse ose granti",
                        "Rekomandim i miratuar", "Rregullore e avancuar", "Takim i mbajtur", "Trajnim i zhvilluar");
        assertThat(new Breakdowns(programme, formats(Languages.ENGLISH), Figure.whole(), null).types(types).rows())
                .extracting(Breakdown.Row::label).containsExactly("Award granted", "Document published",
                        "Meeting held", "Recommendation adopted", "Regulation progressed", "Training delivered");
    }

    private static Formats formats(java.util.Locale locale) {
        return new Formats.Shared(MESSAGES, ZoneId.of("Europe/Tirane"), Map.of()).in(locale);
    }
}
