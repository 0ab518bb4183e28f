package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.query.portfolio.ProgrammeShare;
import org.kronika.query.tally.Tally;
import org.kronika.query.trace.Figure;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ProgrammeTraceTest {

    /** Two trainings of one project: 5 people of whom 3 women, then 4 people who did not say. */
    private static final Tally CELL = Tally.EMPTY.add("training-delivered", Participants.bySex(5, 3, 2), 1)
            .add("meeting-held", Participants.total(4), 1);
    private static final TreeMap<String, ProgrammeShare.Member> MEMBERS = new TreeMap<>(Map.of("p-1",
            new ProgrammeShare.Member(2, "Clubs", "kec", "KEC", null, List.of("Gjilan"), 2, 9,
                    java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 12, 31), false)));

    @Test
    void aCategoryOfParticipantsCountsItsPeopleAndTheActivitiesThatCountedAnyOfThem() {
        for (String category : List.of("female", Figure.UNSPECIFIED, "male")) {
            ProgrammeTrace trace = ProgrammeTrace.of(Figure.whole().withCategory("sex", category), MEMBERS,
                    Map.of("p-1", CELL), 0);
            assertThat(trace.participants()).as(category).isEqualTo(switch (category) {
                case "female" -> 3;
                case "male" -> 2;
                default -> 4;
            });
            // The training counted women and men, the meeting only people who did not say.
            assertThat(trace.activities()).as(category).isEqualTo(1);
            assertThat(trace.lines().items()).singleElement().satisfies(line -> {
                assertThat(line.activities()).isEqualTo(1);
                assertThat(line.participants()).isEqualTo(trace.participants());
            });
        }
    }

    @Test
    void theWholeFigureAndATypeCountTheirActivities() {
        ProgrammeTrace whole = ProgrammeTrace.of(Figure.whole(), MEMBERS, Map.of("p-1", CELL), 0);
        assertThat(whole.activities()).isEqualTo(2);
        assertThat(whole.participants()).isEqualTo(9);
        ProgrammeTrace meetings = ProgrammeTrace.of(Figure.whole().withCategory("type", "meeting-held"), MEMBERS,
                Map.of("p-1", CELL), 0);
        assertThat(meetings.activities()).isEqualTo(1);
        assertThat(meetings.lines().items()).singleElement().satisfies(line ->
                assertThat(line.activities()).isEqualTo(1));
    }
}
