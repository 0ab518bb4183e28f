package org.kronika.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type and version has its JSON Schema, shipped with the contract, and the committed schema is the
 * one its record publishes. Regenerate with {@code -Dkronika.write-schemas=true} after an intended change.
 */
class SchemasTest {

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void everyEventTypeShipsTheSchemaItsRecordPublishes() throws Exception {
        for (EventType type : EventTypes.all()) {
            String resource = "schemas/" + type.name() + ".v" + type.version() + ".schema.json";
            Map<String, Object> generated = SchemaGenerator.schema(type);
            if (Boolean.getBoolean("kronika.write-schemas")) {
                Path file = Path.of("src/main/resources/org/kronika/events").resolve(resource);
                Files.writeString(file, json.writeValueAsString(generated) + "\n");
                continue;
            }
            try (InputStream in = EventType.class.getResourceAsStream(resource)) {
                assertThat(in).as(resource + " is missing; run with -Dkronika.write-schemas=true").isNotNull();
                assertThat(json.readTree(in)).as(resource).isEqualTo(json.valueToTree(generated));
            }
        }
    }
}
