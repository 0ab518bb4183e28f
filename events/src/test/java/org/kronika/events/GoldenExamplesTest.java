package org.kronika.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
        for (KronikaEvent example : GoldenExamples.all()) {
            EventType type = EventTypes.of(example.getClass());
            if (Boolean.getBoolean("kronika.write-examples")) {
                Files.writeString(Path.of("src/main/resources/org/kronika/events/examples").resolve(fileName(type)),
                        json.writeValueAsString(example) + "\n");
                continue;
            }
            JsonNode golden = golden(type);
            assertThat(invalidities(type, golden)).as(fileName(type)).isEmpty();
            assertThat(json.treeToValue(golden, type.javaType())).as(fileName(type)).isEqualTo(example);
            assertThat(golden).as(fileName(type)).isEqualTo(json.readTree(json.writeValueAsString(example)));
        }
    }

    /**
     * A correction's {@code corrected} holds the activity's data in its own type's shape, and partners are told to
     * validate it against that type's schema: the golden example must pass as what Kronika publishes does (with the
     * project id, as the command side builds it). A member of free-form data (a map of anything) is where one
     * event's data nests another's: each must be checked here.
     */
    @Test
    void theActivityNestedInACorrectionValidatesAgainstItsOwnTypesSchema() throws Exception {
        assertThat(EventTypes.all().stream().flatMap(type -> Arrays.stream(type.javaType().getRecordComponents()))
                .filter(member -> member.getGenericType().getTypeName().equals("java.util.Map<java.lang.String, "
                        + "java.lang.Object>"))
                .map(member -> member.getDeclaringRecord().getSimpleName() + "." + member.getName()))
                .as("members nesting another event's data").containsExactly("ActivityCorrected.corrected");
        EventType correction = EventTypes.of(ActivityCorrected.class);
        JsonNode golden = golden(correction);
        EventType nested = EventTypes.named(golden.path("activityType").asText()).orElseThrow();
        assertThat(EventTypes.activityTypes()).contains(nested);
        assertThat(invalidities(nested, golden.path("corrected")))
                .as(fileName(correction) + "'s corrected, against " + nested.name() + "'s schema").isEmpty();
    }

    /**
     * The schemas take any text as a document's {@code sha256}; the command side takes only what the vocabulary
     * documents, 64 lowercase hex digits. Partners copy these examples as fixtures: each must be a value Kronika can
     * publish (one had 65 digits).
     */
    @Test
    void everyDocumentDigestInTheExamplesIsOneTheCommandSideAccepts() {
        List<String> digests = GoldenExamples.all().stream()
                .flatMap(example -> json.valueToTree(example).findValuesAsText("sha256").stream()).toList();
        assertThat(digests).as("digests in the examples").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(digest -> assertThat(digest).matches("[0-9a-f]{64}"));
    }

    private static String fileName(EventType type) {
        return type.name() + ".v" + type.version() + ".json";
    }

    private JsonNode golden(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream("examples/" + fileName(type))) {
            assertThat(in).as(fileName(type) + " missing; run with -Dkronika.write-examples=true").isNotNull();
            return json.readTree(in);
        }
    }

    /** What the type's current schema finds wrong with {@code data}: nothing, for data a reader must accept. */
    static Set<ValidationMessage> invalidities(EventType type, JsonNode data) throws IOException {
        try (InputStream schema = EventType.class.getResourceAsStream("schemas/" + type.name() + ".v" + type.version()
                + ".schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build())
                    .validate(data);
        }
    }
}
