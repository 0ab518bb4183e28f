package org.kronika.command.web;

import org.junit.jupiter.api.Test;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.publishing.TopicReader;
import org.kronika.events.CloudEventHeaders;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group's events are published once its transaction commits, not when the publisher's reader next looks for new
 * events on its own: here it would look only every ten minutes, so only a reader woken by the group's commit
 * publishes them within the test's wait.
 */
@TestPropertySource(properties = "kronika.publishing.reader-fetch-delay=10m")
class GroupCommitPublishingTest extends HeldGroups {

    private static final String TOPIC = "kronika.project-events";

    @Test
    void aGroupsEventsArePublishedAsSoonAsItCommits() throws Exception {
        String projectId = registered();
        List<Sent> sent = queuedBehindAHeldCommand(projectId, List.of(
                recording(projectId, "w1", "Case management", null),
                recording(projectId, "w2", "Case management", null),
                recording(projectId, "w3", "Case management", null)));
        release(sent);
        assertThat(sent).extracting(Sent::status).containsOnly(201);
        assertThat(TestInfrastructure.storedEvents(projectId)).as("the registration, the held training, the group")
                .isEqualTo(5);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(publishedSequences(projectId))
                .containsExactly("0", "1", "2", "3", "4"));
    }

    private static List<String> publishedSequences(String projectId) {
        return TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), TOPIC).stream()
                .filter(record -> projectId.equals(record.key()))
                .map(record -> TopicReader.header(record, CloudEventHeaders.SEQUENCE)).toList();
    }
}
