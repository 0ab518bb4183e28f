package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every upcaster of one added member must do, exactly as the fixtures of both revisions say
 * ({@code upcasting/<type>/revision-<old>.json} and {@code revision-<new>.json}): the old revision reads as the new
 * one, and the new one is left alone.
 */
abstract class UpcasterContract {

    private final ObjectMapper json = new ObjectMapper();
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final EventUpcaster upcaster;
    private final Class<?> payloadType;
    private final String typeName;
    private final String oldRevision;
    private final String newRevision;

    /** For the type's last added member: the revision before it is upcast to the current one. */
    UpcasterContract(EventUpcaster upcaster, Class<? extends KronikaEvent> payloadType) {
        EventType type = EventTypes.of(payloadType);
        this.upcaster = upcaster;
        this.payloadType = payloadType;
        this.typeName = type.name();
        this.oldRevision = type.revisionWith(type.addedMembers().size() - 1);
        this.newRevision = type.revision();
    }

    @Test
    void theOldRevisionReadsAsTheNewWithTheMembersDefault() throws Exception {
        IntermediateEventRepresentation upcast = upcast(fixture(oldRevision), oldRevision);
        assertThat(upcast.getType().getRevision()).isEqualTo(newRevision);
        assertThat(json.readTree(upcast.getData(String.class).getData()))
                .isEqualTo(json.readTree(fixture(newRevision)));
    }

    @Test
    void theCurrentRevisionIsLeftAlone() throws Exception {
        IntermediateEventRepresentation same = upcast(fixture(newRevision), newRevision);
        assertThat(same.getType().getRevision()).isEqualTo(newRevision);
        assertThat(json.readTree(same.getData(String.class).getData()))
                .isEqualTo(json.readTree(fixture(newRevision)));
    }

    private IntermediateEventRepresentation upcast(String payload, String revision) {
        var entry = new GenericDomainEventEntry<>("Project", "komf-child-protection", 1, "event-1",
                "2024-04-16T10:00:00Z", payloadType.getName(), revision,
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new EventUpcasterChain(upcaster)
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).findFirst().orElseThrow();
    }

    private String fixture(String revision) throws Exception {
        try (InputStream in = UpcasterContract.class.getResourceAsStream(
                "/upcasting/" + typeName + "/revision-" + revision + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
