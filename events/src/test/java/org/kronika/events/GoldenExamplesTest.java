package org.kronika.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type ships a golden example (examples/<type>.v<version>.json): it validates against its schema,
 * reads back into its record unchanged, and is exactly what the record publishes. Regenerate with
 * {@code -Dkronika.write-examples=true}.
 */
class GoldenExamplesTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void everyEventTypeHasAGoldenExampleThatValidatesAndRoundTrips() throws Exception {
        assertThat(GoldenExamples.all().stream().map(e -> EventTypes.of(e.getClass())).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(EventTypes.all());
        var schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        var config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (KronikaEvent example : GoldenExamples.all()) {
            EventType type = EventTypes.of(example.getClass());
            String name = type.name() + ".v" + type.version() + ".json";
            if (Boolean.getBoolean("kronika.write-examples")) {
                Files.writeString(Path.of("src/main/resources/org/kronika/events/examples").resolve(name),
                        json.writeValueAsString(example) + "\n");
                continue;
            }
            try (InputStream in = EventType.class.getResourceAsStream("examples/" + name);
                 InputStream schema = EventType.class.getResourceAsStream("schemas/" + type.name() + ".v"
                         + type.version() + ".schema.json")) {
                assertThat(in).as(name + " missing; run with -Dkronika.write-examples=true").isNotNull();
                JsonNode golden = json.readTree(in);
                assertThat(schemas.getSchema(schema, config).validate(golden)).as(name).isEmpty();
                assertThat(json.treeToValue(golden, type.javaType())).as(name).isEqualTo(example);
                assertThat(golden).as(name).isEqualTo(json.readTree(json.writeValueAsString(example)));
            }
        }
    }
}
