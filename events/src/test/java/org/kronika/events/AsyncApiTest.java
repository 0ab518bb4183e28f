package org.kronika.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/partners/asyncapi.yaml describes every event type of the contract, is a valid AsyncAPI 3.0.0 document
 * (checked against the AsyncAPI project's own JSON Schema), and every payload it points at exists.
 * Regenerate with {@code -Dkronika.write-asyncapi=true} after a contract change.
 */
class AsyncApiTest {

    private static final Path DOCUMENT = Path.of("../docs/partners/asyncapi.yaml");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    @Test
    void theAsyncApiDocumentIsValidCompleteAndCurrent() throws Exception {
        if (Boolean.getBoolean("kronika.write-asyncapi")) {
            Files.writeString(DOCUMENT, "# Generated from the event contract by AsyncApiTest; edit the contract, not this file.\n"
                    + yaml.writeValueAsString(AsyncApiDocument.build()));
        }
        JsonNode document = yaml.readTree(DOCUMENT.toFile());
        assertThat(document).as("docs/partners/asyncapi.yaml is out of date; run with -Dkronika.write-asyncapi=true")
                .isEqualTo(yaml.valueToTree(AsyncApiDocument.build()));

        var asyncApiSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json"));
        assertThat(asyncApiSchema.validate(document)).as("AsyncAPI 3.0.0 validation").isEmpty();
        var withoutInfo = document.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutInfo).remove("info");
        assertThat(asyncApiSchema.validate(withoutInfo)).as("the validator does reject an invalid document").isNotEmpty();

        for (EventType type : EventTypes.all()) {
            JsonNode message = document.at("/components/messages/" + type.name() + "-v" + type.version());
            assertThat(message.isMissingNode()).as(type.cloudEventType()).isFalse();
            Path payload = DOCUMENT.getParent().resolve(message.at("/payload/$ref").asText()).normalize();
            assertThat(payload).as("payload schema of " + type.cloudEventType()).exists();
        }
    }
}
