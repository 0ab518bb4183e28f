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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published contract may only grow. Against every snapshot of the schemas as published (published-contract/,
 * one directory per version, listed in its SNAPSHOTS), every event type must still exist and every member a partner
 * may rely on must still be there, required where it was, with a type and constraints its readers accept. Adding
 * optional members and types passes; removing, renaming or changing one fails the build: that is a new
 * version, i.e. a new type (docs/partners/versioning.md).
 */
class ContractCompatibilityTest {

    private final ObjectMapper json = new ObjectMapper();

    /** Against every snapshot of the contract as published, the current schemas break nothing. */
    @Test
    void everyPublishedSchemaIsStillHonouredByTheCurrentContract() throws Exception {
        List<String> breaks = new ArrayList<>();
        for (String snapshot : snapshots().keySet()) {
            for (String published : lines("/published-contract/" + snapshot + "/INDEX")) {
                JsonNode before = read("/published-contract/" + snapshot + "/" + published);
                String current = "/org/kronika/events/schemas/" + published;
                try (InputStream in = getClass().getResourceAsStream(current)) {
                    if (in == null) {
                        breaks.add(snapshot + " " + published + ": the event type is gone");
                        continue;
                    }
                    compare(snapshot + " " + published, "", before, json.readTree(in), breaks);
                }
            }
        }
        assertThat(breaks).as("incompatible changes to the published contract").isEmpty();
    }

    @Test
    void aRemovedRetypedRedatedOrNewlyRequiredMemberIsCaught() throws Exception {
        // The training as first published, before it gained deliveryMode.
        ObjectNode before = (ObjectNode) read("/published-contract/v1/training-delivered.v1.schema.json");
        ((ObjectNode) before.get("properties")).remove("deliveryMode");
        JsonNode removed = before.deepCopy();
        ((ObjectNode) removed.get("properties")).remove("sessions");
        JsonNode retyped = before.deepCopy();
        ((ObjectNode) retyped.at("/properties/sessions")).put("type", "string");
        JsonNode added = before.deepCopy();
        ((ObjectNode) added.get("properties")).set("deliveryMode", json.readTree("{\"type\":[\"string\",\"null\"]}"));
        JsonNode addedRequired = added.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) addedRequired.get("required")).add("deliveryMode");
        JsonNode redated = before.deepCopy();
        ((ObjectNode) redated.at("/properties/occurredOn")).put("format", "date-time");
        JsonNode undated = before.deepCopy();
        ((ObjectNode) undated.at("/properties/occurredOn")).remove("format");
        JsonNode loosened = before.deepCopy();
        ((ObjectNode) loosened.at("/properties/participants/properties/bySex")).remove("additionalProperties");

        List<String> breaks = new ArrayList<>();
        compare("removed", "", before, removed, breaks);
        compare("retyped", "", before, retyped, breaks);
        compare("added", "", before, added, breaks);
        compare("addedRequired", "", before, addedRequired, breaks);
        compare("madeRequired", "", added, addedRequired, breaks);
        compare("redated", "", before, redated, breaks);
        compare("undated", "", before, undated, breaks);
        compare("madeOptional", "", addedRequired, added, breaks);
        compare("loosened", "", before, loosened, breaks);
        compare("tightened", "", loosened, before, breaks);
        assertThat(breaks).hasSize(9).anyMatch(b -> b.startsWith("removed")).anyMatch(b -> b.startsWith("retyped"))
                .anyMatch(b -> b.startsWith("madeOptional.deliveryMode: a required member became optional"))
                .anyMatch(b -> b.startsWith("loosened.participants.bySex[additionalProperties]: dropped"))
                .anyMatch(b -> b.startsWith("tightened.participants.bySex[additionalProperties]: added"))
                .anyMatch(b -> b.startsWith("addedRequired.deliveryMode: a member added is required"))
                .anyMatch(b -> b.startsWith("madeRequired.deliveryMode: an optional member became required"))
                .anyMatch(b -> b.startsWith("redated.occurredOn: format \"date\" became \"date-time\""))
                .anyMatch(b -> b.startsWith("undated.occurredOn: format"));
    }

    /**
     * The contract as published now is saved under its version (asyncapi.yaml's, from versioning.md's evolutions)
     * and listed among the snapshots: a change to it is an evolution, written up, and saved as a snapshot of its
     * own beside the earlier ones, which stay as they were, so that the next change is compared with each. One copy,
     * brought up to date with every change, compared a change with itself once copied: routine copying carried a
     * removal through. And members added after a copy that was never brought up to date were guarded by nothing.
     */
    @Test
    void theContractAsPublishedNowIsSavedUnderItsVersion() throws Exception {
        String version = AsyncApiDocument.contractVersion();
        String advice = "the contract changed: write the evolution up in docs/partners/versioning.md, regenerate "
                + "asyncapi.yaml, save the schemas in events/src/test/resources/published-contract/<its version>/ "
                + "with an INDEX of their files, and list that directory in published-contract/SNAPSHOTS; earlier "
                + "snapshots stay as they are";
        assertThat(List.copyOf(snapshots().keySet())).as(advice).endsWith(version);
        List<String> expected = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (EventType type : EventTypes.all()) {
            String name = type.name() + ".v" + type.version() + ".schema.json";
            expected.add(name);
            JsonNode saved;
            try (InputStream in = getClass().getResourceAsStream("/published-contract/" + version + "/" + name)) {
                saved = in == null ? null : json.readTree(in);
            }
            if (!read("/org/kronika/events/schemas/" + name).equals(saved)) {
                differing.add(name);
            }
        }
        assertThat(differing).as("schemas that differ from published-contract/" + version + ": " + advice).isEmpty();
        assertThat(lines("/published-contract/" + version + "/INDEX")).as(advice)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * A snapshot is what partners were given: it never changes. Each is pinned in SNAPSHOTS by the SHA-256 of its
     * files (each name, a line feed, its bytes, in its INDEX's order), so that editing one, which would let a
     * removal through as routinely as copying a change there, fails the build; a change to the contract is a new
     * snapshot instead.
     */
    @Test
    void everySnapshotIsAsItWasPublished() throws Exception {
        Map<String, String> pinned = snapshots();
        List<String> changed = new ArrayList<>();
        for (var snapshot : pinned.entrySet()) {
            String hash = hash(snapshot.getKey());
            if (!hash.equals(snapshot.getValue())) {
                changed.add(snapshot.getKey() + " is " + hash + ", pinned " + snapshot.getValue());
            }
        }
        assertThat(changed).as("snapshots in published-contract/ that differ from what SNAPSHOTS pins; a published one "
                + "stays as it is (a new one is pinned with the hash this names)").isEmpty();
    }

    /** Each snapshot's directory and the hash it is pinned by, oldest first. */
    private Map<String, String> snapshots() throws IOException {
        Map<String, String> snapshots = new java.util.LinkedHashMap<>();
        for (String line : lines("/published-contract/SNAPSHOTS")) {
            String[] parts = line.trim().split("\\s+");
            snapshots.put(parts[0], parts.length > 1 ? parts[1] : "(none)");
        }
        return snapshots;
    }

    private String hash(String snapshot) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String file : lines("/published-contract/" + snapshot + "/INDEX")) {
            sha.update((file + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (InputStream in = getClass().getResourceAsStream("/published-contract/" + snapshot + "/" + file)) {
                sha.update(in == null ? new byte[0] : in.readAllBytes());
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /**
     * A meeting recorded before meeting-held gained deliveryMode has no such member: it must still validate against
     * the current schema and read as a meeting whose mode was not stated (docs/partners/versioning.md).
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

    /**
     * What a reader of {@code before} relies on must still hold in {@code after}, and what an event valid against
     * {@code before} must still be valid against {@code after}: every member, with a type readers accept, the same
     * constraints (a date stays a date, a map's values keep their schema), optional where it was optional and
     * required where it was required; a member added is optional, since events recorded before it lack it.
     */
    private static void compare(String type, String path, JsonNode before, JsonNode after, List<String> breaks) {
        Set<String> allowedBefore = types(before);
        Set<String> allowedAfter = types(after);
        if (!allowedBefore.containsAll(allowedAfter)) {
            breaks.add(type + path + ": type " + allowedBefore + " became " + allowedAfter);
        }
        for (String constraint : CONSTRAINTS) {
            if (!java.util.Objects.equals(before.get(constraint), after.get(constraint))) {
                breaks.add(type + path + ": " + constraint + " " + before.get(constraint) + " became "
                        + after.get(constraint));
            }
        }
        Set<String> requiredBefore = names(before.get("required"));
        Set<String> requiredAfter = names(after.get("required"));
        JsonNode properties = before.path("properties");
        properties.fieldNames().forEachRemaining(member -> {
            JsonNode now = after.path("properties").get(member);
            if (now == null) {
                breaks.add(type + path + "." + member + ": member removed or renamed");
                return;
            }
            if (!requiredBefore.contains(member) && requiredAfter.contains(member)) {
                breaks.add(type + path + "." + member + ": an optional member became required");
            }
            if (requiredBefore.contains(member) && !requiredAfter.contains(member)) {
                // A reader relying on it being there meets events without it.
                breaks.add(type + path + "." + member + ": a required member became optional");
            }
            compare(type, path + "." + member, properties.get(member), now, breaks);
        });
        after.path("properties").fieldNames().forEachRemaining(member -> {
            if (!properties.has(member) && requiredAfter.contains(member)) {
                breaks.add(type + path + "." + member + ": a member added is required (list it in "
                        + "EventType.addedMembers)");
            }
        });
        for (String nested : List.of("items", "additionalProperties")) {
            if (before.has(nested) && after.has(nested)) {
                compare(type, path + "[" + nested + "]", before.get(nested), after.get(nested), breaks);
            } else if (before.has(nested) != after.has(nested)) {
                // Dropped, a reader's values are no longer what it relied on; added, an event once valid may not be.
                breaks.add(type + path + "[" + nested + "]: " + (before.has(nested) ? "dropped" : "added"));
            }
        }
    }

    /** The keywords that narrow or widen what a value may be, besides its type. */
    private static final List<String> CONSTRAINTS = List.of("format", "minLength", "maxLength", "pattern", "enum",
            "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
            "uniqueItems");

    private static Set<String> names(JsonNode array) {
        Set<String> names = new HashSet<>();
        if (array != null) {
            array.forEach(name -> names.add(name.asText()));
        }
        return names;
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

    /** The resource's lines that are not blank: none if there is no such resource. */
    private List<String> lines(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            return in == null ? List.of()
                    : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
        }
    }

    private JsonNode read(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            return json.readTree(in);
        }
    }
}
