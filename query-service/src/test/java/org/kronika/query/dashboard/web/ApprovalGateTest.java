package org.kronika.query.dashboard.web;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.history.RecentVerdicts;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.projection.ProjectedEvents;
import org.kronika.query.readmodel.Keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an officer's approval from a page is judged by when it is posted: the project's whole history, read now.
 * Judged by the verdict the pages carry forward between whole checks, an approval posted within the re-check period
 * after an earlier event was changed in the read store was sent, certifying figures that stood on it.
 */
class ApprovalGateTest {

    private static final String PROJECT = "p-gate";
    private final ProjectedEvents events = new ProjectedEvents("gate", Instant.parse("2024-08-01T00:00:00Z"));
    private final RecentVerdicts verdicts = new RecentVerdicts(Clock.systemUTC(), Duration.ofMinutes(10));

    @AfterEach
    void close() {
        verdicts.close();
        events.close();
    }

    @Test
    void anApprovalPostedAfterAnEarlierEventWasChangedIsWithheldThoughThePagesStillCarryTheVerdict() {
        events.record(ProjectedEvents.registered(PROJECT, "kec", LocalDate.of(2024, 12, 31)));
        for (int i = 1; i <= 3; i++) {
            events.record(new TrainingDelivered(PROJECT, "t-" + i, "Case management", LocalDate.of(2024, 3, 10 + i),
                    "Gjilan", Participants.total(10 + i), null, List.of(), null, 1));
        }
        ProjectedEvents.signedIn("officer", null);
        VisibleProjects projects = new VisibleProjects(events.generations, events.views, events.programme,
                Clock.fixed(Instant.parse("2024-08-01T12:00:00Z"), ZoneOffset.UTC));
        ApprovalGate gate = new ApprovalGate(projects, verdicts);
        assertThat(gate.withheld(PROJECT)).isFalse();

        events.generations.database().getCollection(events.generation.collection(ProjectHistory.NAME)).updateOne(
                Filters.eq("_id", Keys.numbered(PROJECT, 1)), Updates.set("data.participants.total", 300));

        assertThat(verdicts.verdict(events.generation, PROJECT, 3, projects.history(events.generation)).verdict()
                .verified()).as("what the pages carry forward").isTrue();
        assertThat(gate.withheld(PROJECT)).isTrue();
    }
}
