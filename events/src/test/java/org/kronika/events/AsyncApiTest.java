package org.kronika.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.kronika.events.chain.CanonicalJson;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/partners/asyncapi.yaml describes every event type of the contract, is a valid AsyncAPI 3.0.0 document
 * (checked against the AsyncAPI project's own JSON Schema), every payload it points at exists, and it describes the
 * checkpoints' topic as checkpoints are published.
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
        // The JSON Schema leaves references unchecked: each operation's message must be one of its channel's, and
        // each channel's message one of the components'.
        document.path("operations").forEach(operation -> operation.path("messages").forEach(reference -> {
            String ref = reference.path("$ref").asText();
            assertThat(ref).startsWith(operation.at("/channel/$ref").asText() + "/messages/");
            assertThat(at(document, at(document, ref).path("$ref").asText()).isMissingNode()).as(ref).isFalse();
        }));
    }

    /**
     * The checkpoints' topic as the command service publishes it (CheckpointPublisher): a value SignedCheckpoints
     * signed matches the message's payload, its content-type its headers; the checkpoint's JSON unsigned, or another
     * content type, does not.
     */
    @Test
    void theCheckpointsTopicIsDescribedAsCheckpointsArePublished() throws Exception {
        JsonNode document = yaml.readTree(DOCUMENT.toFile());
        assertThat(document.at("/channels/checkpoints/address").asText()).isEqualTo("kronika.checkpoints");
        assertThat(document.at("/channels/checkpoints/bindings/kafka/partitions").asInt()).as("signing order").isOne();
        JsonNode message = at(document, at(document, document.at("/operations/receiveCheckpoints/messages/0/$ref")
                .asText()).path("$ref").asText());
        assertThat(message.path("contentType").asText()).isEqualTo(SignedCheckpoints.MEDIA_TYPE);
        assertThat(message.at("/bindings/kafka/key/type").asText()).as("the programme id").isEqualTo("string");

        Checkpoint checkpoint = Checkpoint.of("kosovo-albania-civil-society", "2026-11-30T12:00:00Z",
                List.of(new Head("kec-media-clubs", 41, "3b1e5c8f0a9d2e47b6c13f58a0e9d7c2b4f61a83e5d09c7b2a4f8e16d3c5b907")),
                "periodic");
        String jws = SignedCheckpoints.sign(checkpoint, "kronika-checkpoints-2026", SignedCheckpoints.newKey()
                .getPrivate());
        assertThat(invalidities(message.path("payload"), TextNode.valueOf(jws))).as("a signed checkpoint").isEmpty();
        assertThat(invalidities(message.path("payload"), TextNode.valueOf(CanonicalJson.write(checkpoint.json()))))
                .as("its JSON unsigned").isNotEmpty();
        assertThat(invalidities(message.path("headers"), yaml.valueToTree(Map.of("content-type",
                SignedCheckpoints.MEDIA_TYPE)))).as("the publisher's headers").isEmpty();
        assertThat(invalidities(message.path("headers"), yaml.valueToTree(Map.of("content-type",
                CloudEventHeaders.JSON)))).as("an event's content type").isNotEmpty();
    }

    /** The node a local reference ({@code #/components/...}) points at. */
    private static JsonNode at(JsonNode document, String ref) {
        return document.at(ref.substring(1));
    }

    private static Set<ValidationMessage> invalidities(JsonNode schema, JsonNode value) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(value);
    }
}
