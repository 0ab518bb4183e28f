package org.kronika.command.restore;

import org.junit.jupiter.api.Test;
import org.kronika.events.EventTypes;
import org.kronika.events.TrainingDelivered;
import org.kronika.events.MeetingHeld;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the tool that need no Kafka or PostgreSQL; RunbooksTest (infra/local) runs it on both. */
class StoreFromTopicTest {

    @Test
    void theStoredRevisionIsTheVersionPlusTheAddedMembersThePayloadAlreadyHas() throws Exception {
        var training = EventTypes.of(TrainingDelivered.class);
        assertThat(StoreFromTopic.storedRevision(training, "{\"activityId\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("1");
        assertThat(StoreFromTopic.storedRevision(training,
                "{\"activityId\":\"a\",\"deliveryMode\":\"online\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(training.revision()).isEqualTo("1.1");
        assertThat(StoreFromTopic.storedRevision(EventTypes.of(MeetingHeld.class), "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("1");
    }

    @Test
    void anUnknownArgumentIsAUsageErrorAndTouchesNothing() {
        var out = new ByteArrayOutputStream();
        int exit = StoreFromTopic.run(List.of("--aply", "yes"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: restore-from-topic");
    }

    @Test
    void aStoreThatCannotBeReachedIsAnErrorNotAnAnswer() {
        var out = new ByteArrayOutputStream();
        int exit = StoreFromTopic.run(List.of("--postgres", "jdbc:postgresql://127.0.0.1:1/none", "--kafka",
                "127.0.0.1:1"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("error:");
    }
}
