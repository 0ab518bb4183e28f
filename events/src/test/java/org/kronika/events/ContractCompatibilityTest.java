package org.kronika.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published contract may only grow. Against the schemas as published (published-contract/v1), every event
 * type must still exist and every member a partner may rely on must still be there, with a type its readers
 * accept. Adding members and types passes; removing, renaming or changing one fails the build: that is a new
 * version, i.e. a new type (docs/partners/versioning.md).
 */
class ContractCompatibilityTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPublishedSchemaIsStillHonouredByTheCurrentContract() throws Exception {
        List<String> breaks = new ArrayList<>();
        for (String published : publishedSchemas()) {
            JsonNode before = read("/published-contract/v1/" + published);
            String current = "/org/kronika/events/schemas/" + published;
            try (InputStream in = getClass().getResourceAsStream(current)) {
                if (in == null) {
                    breaks.add(published + ": the event type is gone");
                    continue;
                }
                compare(published, "", before, json.readTree(in), breaks);
            }
        }
        assertThat(breaks).as("incompatible changes to the published contract").isEmpty();
    }

    @Test
    void aRemovedOrRetypedMemberIsCaught() throws Exception {
        JsonNode before = read("/published-contract/v1/training-delivered.v1.schema.json");
        JsonNode removed = before.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) removed.get("properties")).remove("sessions");
        JsonNode retyped = before.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) retyped.at("/properties/sessions")).put("type", "string");
        JsonNode added = before.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) added.get("properties"))
                .set("deliveryMode", json.readTree("{\"type\":[\"string\",\"null\"]}"));

        List<String> breaks = new ArrayList<>();
        compare("removed", "", before, removed, breaks);
        compare("retyped", "", before, retyped, breaks);
        compare("added", "", before, added, breaks);
        assertThat(breaks).hasSize(2).anyMatch(b -> b.startsWith("removed")).anyMatch(b -> b.startsWith("retyped"));
    }

    /**
     * A meeting recorded before meeting-held gained deliveryMode has no such member: it must still validate against
     * the current schema and read as a meeting whose mode was not stated, which the contract says means in person.
     */
    @Test
    void aMeetingRecordedBeforeItHadADeliveryModeStillValidatesAndReads() throws Exception {
        EventType meeting = EventTypes.of(MeetingHeld.class);
        ObjectNode old = (ObjectNode) read("/org/kronika/events/examples/meeting-held.v1.json");
        old.remove("deliveryMode");

        assertThat(GoldenExamplesTest.invalidities(meeting, old)).isEmpty();
        MeetingHeld read = json.copy().registerModule(new JavaTimeModule()).treeToValue(old, MeetingHeld.class);
        assertThat(read.deliveryMode()).isNull();
        assertThat(read.kind()).isEqualTo("budget-hearing");
        assertThat(meeting.addedMembers()).containsExactly("deliveryMode");
    }

    /** What a reader of {@code before} relies on must still hold in {@code after}. */
    private static void compare(String type, String path, JsonNode before, JsonNode after, List<String> breaks) {
        Set<String> allowedBefore = types(before);
        Set<String> allowedAfter = types(after);
        if (!allowedBefore.containsAll(allowedAfter)) {
            breaks.add(type + path + ": type " + allowedBefore + " became " + allowedAfter);
        }
        JsonNode properties = before.get("properties");
        if (properties != null) {
            Iterator<Map.Entry<String, JsonNode>> members = properties.fields();
            while (members.hasNext()) {
                var member = members.next();
                JsonNode now = after.path("properties").get(member.getKey());
                if (now == null) {
                    breaks.add(type + path + "." + member.getKey() + ": member removed or renamed");
                } else {
                    compare(type, path + "." + member.getKey(), member.getValue(), now, breaks);
                }
            }
        }
        for (String nested : List.of("items", "additionalProperties")) {
            if (before.has(nested) && after.has(nested)) {
                compare(type, path + "[" + nested + "]", before.get(nested), after.get(nested), breaks);
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            return Set.of("any");
        }
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    private List<String> publishedSchemas() throws IOException {
        List<String> names = new ArrayList<>();
        for (EventType type : EventTypes.all()) {
            names.add(type.name() + ".v" + type.version() + ".schema.json");
        }
        // Types that were published and are no longer in the catalogue must still be found.
        try (InputStream index = getClass().getResourceAsStream("/published-contract/v1/INDEX")) {
            if (index != null) {
                new String(index.readAllBytes()).lines().filter(l -> !l.isBlank() && !names.contains(l))
                        .forEach(names::add);
            }
        }
        return names;
    }

    private JsonNode read(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            return json.readTree(in);
        }
    }
}
