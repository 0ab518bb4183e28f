package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.kronika.events.TrainingDelivered;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored revision 1 reads as revision 1.1, exactly as the fixtures of both revisions say. */
class TrainingDeliveredUpcasterTest {

    private final ObjectMapper json = new ObjectMapper();
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void revisionOneGainsTheDefaultDeliveryMode() throws Exception {
        IntermediateEventRepresentation upcast = upcast(fixture("revision-1.json"), "1");
        assertThat(upcast.getType().getRevision()).isEqualTo("1.1");
        assertThat(json.readTree(upcast.getData(String.class).getData()))
                .isEqualTo(json.readTree(fixture("revision-1.1.json")));
    }

    @Test
    void theCurrentRevisionIsLeftAlone() throws Exception {
        IntermediateEventRepresentation same = upcast(fixture("revision-1.1.json"), "1.1");
        assertThat(same.getType().getRevision()).isEqualTo("1.1");
        assertThat(json.readTree(same.getData(String.class).getData()))
                .isEqualTo(json.readTree(fixture("revision-1.1.json")));
    }

    private IntermediateEventRepresentation upcast(String payload, String revision) {
        var entry = new GenericDomainEventEntry<>("Project", "komf-child-protection", 1, "event-1",
                "2024-04-16T10:00:00Z", TrainingDelivered.class.getName(), revision,
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new EventUpcasterChain(new TrainingDeliveredUpcaster())
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).findFirst().orElseThrow();
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = TrainingDeliveredUpcasterTest.class.getResourceAsStream(
                "/upcasting/training-delivered/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
