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
}
