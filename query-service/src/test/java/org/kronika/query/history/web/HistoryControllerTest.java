package org.kronika.query.history.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.fixtures.TopicEvents;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.projection.ParkedProject;
import org.kronika.query.projection.UnappliedEvents;
import org.kronika.query.readmodel.Generation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The verification over read models that change while it reads them. */
class HistoryControllerTest {

    private static final String PROJECT = "p-catching-up";
    private static final Generation LIVE = new Generation(1, 8);

    private MongoClient client;
    private ProjectHistory history;

    @BeforeEach
    void elevenEventsStored() {
        client = MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        history = new ProjectHistory(client.getDatabase("verification-" + UUID.randomUUID()), LIVE);
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"))
                .then(TopicEvents.registration(PROJECT));
        for (int i = 1; i <= 10; i++) {
            story.then(TopicEvents.training(PROJECT, "t-" + i));
        }
        history.insertAll(story.events().stream().map(e -> new HistoryEntry(e.projectId(), e.sequence(),
                e.eventId(), e.type(), e.time(), e.recordedAt(), e.actor(), e.data(), e.hash(), e.prevHash(), null,
                null)).toList());
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * A project held its events 6 to 10 while it waited for event 5, which came; it finishes catching up between
     * the verification's two reads, of what is held back and of the version, whichever it makes first. Version 5
     * read before, and nothing held read after, called a history 5 events short of the topic's complete.
     */
    @Test
    void aProjectThatFinishesCatchingUpWhileItsVerificationReadsIsNeverCalledCompleteAtItsOldVersion() {
        var messages = new org.springframework.context.support.ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        VerificationView answer = new HistoryController(new CatchingUpBetweenReads(), null,
                new org.kronika.query.i18n.Formats.Shared(messages, java.time.ZoneId.of("Europe/Tirane"),
                        java.util.Map.of())).verification(PROJECT, null, null);

        assertThat(answer.complete()).isTrue();
        assertThat(answer.events()).as("complete at its new version").isEqualTo(11);
        assertThat(answer.verified()).isTrue();
    }

    /** Catching up from event 5 to 10 until the first read of either kind, caught up from then on. */
    private final class CatchingUpBetweenReads extends VisibleProjects {
        private boolean caughtUp;

        CatchingUpBetweenReads() {
            super(null, null, null, Clock.systemUTC());
        }

        @Override
        public Generation live() {
            return LIVE;
        }

        @Override
        public ProjectHistory history(Generation generation) {
            return history;
        }

        @Override
        public ProjectListEntry entry(Generation generation, String projectId) {
            long version = caughtUp ? 10 : 5;
            caughtUp = true;
            return new ProjectListEntry(projectId, "org", "Org", false, "Project", List.of(), null, null, "active",
                    null, version, null, null, 0, 0, null, List.of());
        }

        @Override
        public UnappliedEvents.Found unapplied(Generation generation, String projectId) {
            ParkedProject held = caughtUp ? null : new ParkedProject(projectId, ParkedProject.CATCHING_UP,
                    "event 5 came; what it held after it is applied a part at a time", Instant.now(), 5, 6, 10, 5,
                    null);
            caughtUp = true;
            return new UnappliedEvents.Found(null, held);
        }
    }
}
