package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.security.OpenApiAgreement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.kronika.command.Tokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is what the service does: its worked examples are each accepted, in order, and every
 * activity type is an operation of its own whose body schema is the published event data, requiring exactly what
 * the service refuses to do without.
 */
class CommandExamplesTest extends IntegrationTest {

    private static final String ACTIVITIES = "/api/projects/{projectId}/activities/";
    /** The project the examples close out and reopen, registered by each run under an id of its own. */
    private static final String CLOSED_OUT = "example-closed-out";

    @Autowired
    org.springframework.boot.web.client.RestTemplateBuilder builder;
    @Autowired
    ApplicationContext context;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
    private TestRestTemplate anonymous;

    @org.junit.jupiter.api.BeforeEach
    void anonymousClient() {
        anonymous = new TestRestTemplate(builder.rootUri("http://localhost:" + port));
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyCommandExampleIsAcceptedInOrder() throws Exception {
        sendEveryExample();
    }

    @Test
    void everyActivityTypeAndEveryCommandHasAnExampleInTheOpenApiDocument() throws Exception {
        JsonNode api = apiDocument();
        for (var type : EventTypes.activityTypes()) {
            assertThat(operation(api, type).at("/requestBody/content/application~1json/examples").has(type.name()))
                    .as("example for " + type.name()).isTrue();
        }
        api.path("paths").forEach(path -> path.forEach(operation -> {
            if (operation.has("requestBody")) {
                assertThat(operation.at("/requestBody/content/application~1json/examples").size())
                        .as(operation.path("operationId").asText()).isPositive();
            }
        }));
    }

    /** A partner reads in the document that a measurement's breakdown takes the programme's words, never free text. */
    @Test
    void aMeasurementsBreakdownIsDescribedAsTheProgrammesCategories() throws Exception {
        JsonNode api = apiDocument();
        JsonNode body = api.at("/paths/" + pointer("/api/projects/{projectId}/indicators/{indicatorId}/measurements")
                + "/post/requestBody/content/application~1json/schema");
        JsonNode measure = api.at("/components/schemas/" + body.path("$ref").asText().replaceAll(".*/", ""));
        assertThat(measure.at("/properties/breakdown/description").asText())
                .contains("the programme's vocabulary", "Any other key is refused");
    }

    /** A client generated from the document gets a type per activity, with what it must state. */
    @Test
    void everyActivityTypeIsAnOperationWhoseBodyIsItsEventsPublishedDataWithoutProjectId() throws Exception {
        JsonNode api = apiDocument();
        assertThat(api.path("paths").has(ACTIVITIES + "{activityType}")).as("no untyped activity operation").isFalse();
        Set<String> operationIds = new HashSet<>();
        for (EventType type : EventTypes.activityTypes()) {
            JsonNode body = bodySchema(api, operation(api, type).at("/requestBody/content/application~1json/schema"));
            JsonNode published = published(type);
            List<String> members = new ArrayList<>();
            published.path("properties").fieldNames().forEachRemaining(members::add);
            members.remove("projectId");
            members.add("changeReason");
            List<String> documented = new ArrayList<>();
            body.path("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(documented).as(type.name() + " members").containsExactlyElementsOf(members);

            List<String> required = texts(body.path("required"));
            assertThat(required).as(type.name() + " requires what every activity states").contains("title", "occurredOn");
            published.path("properties").fields().forEachRemaining(member -> {
                boolean nullable = texts(member.getValue().path("type")).contains("null");
                if (!member.getKey().equals("projectId") && !nullable) {
                    assertThat(required).as(type.name() + " requires " + member.getKey()).contains(member.getKey());
                }
            });
            assertThat(operationIds.add(operation(api, type).path("operationId").asText())).isTrue();
        }
        assertThat(bodySchema(api, api.at("/paths/" + pointer(ACTIVITIES + "training-delivered")
                + "/post/requestBody/content/application~1json/schema")).path("required"))
                .extracting(JsonNode::asText).contains("sessions");
    }

    /**
     * A correction states an activity's facts in the shape of its type, its activityId optional, and nothing beside
     * them: the changeReason recording takes is no fact, and the service refuses it among the corrected facts.
     */
    @Test
    void aCorrectionsFactsAreDocumentedInTheShapeOfEveryActivityTypeWithoutChangeReason() throws Exception {
        JsonNode api = apiDocument();
        JsonNode correction = bodySchema(api, api.at("/paths/" + pointer(ACTIVITIES + "{activityId}/corrections")
                + "/post/requestBody/content/application~1json/schema"));
        List<String> shapes = new ArrayList<>();
        correction.at("/properties/corrected/anyOf").forEach(shape -> shapes.add(shape.path("$ref").asText()));
        assertThat(shapes).hasSize(EventTypes.activityTypes().size());
        for (EventType type : EventTypes.activityTypes()) {
            String recorded = operation(api, type).at("/requestBody/content/application~1json/schema/$ref").asText();
            assertThat(shapes).contains(recorded + "Facts");
            JsonNode facts = api.at((recorded + "Facts").substring(1));
            List<String> members = new ArrayList<>();
            api.at(recorded.substring(1) + "/properties").fieldNames().forEachRemaining(members::add);
            members.remove("changeReason");
            List<String> stated = new ArrayList<>();
            facts.path("properties").fieldNames().forEachRemaining(stated::add);
            assertThat(stated).as(type.name() + " facts").containsExactlyElementsOf(members);
            // The path names the activity: its id among the facts is optional (and must be the path's).
            assertThat(texts(facts.path("required"))).as(type.name() + " facts").contains("title")
                    .doesNotContain("activityId");
            assertThat(facts.path("additionalProperties").asBoolean(true)).as(type.name() + " facts").isFalse();
        }

        String projectId = sendEveryExample();
        OpenApiConfig.CommandExample example = OpenApiConfig.examples().stream()
                .filter(candidate -> candidate.operationId().equals("correct")).findFirst().orElseThrow();
        ObjectNode body = json.valueToTree(example.body());
        ((ObjectNode) body.path("corrected")).put("changeReason", "The approved quarter changes");
        var answer = post(projectId, example.path().replace("{projectId}", projectId), body);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        assertThat(json.readTree(answer.getBody()).path("errors").findValuesAsText("field"))
                .contains("corrected.changeReason");
    }

    /**
     * A member that takes a word of a closed list is documented with the list as its enum, and the service refuses
     * a word off it naming the member, so the document and the rules cannot drift apart; so are an indicator's unit,
     * counts, aggregation and dimensions, with the words of the vocabulary.
     */
    @Test
    void everyClosedListIsAnEnumOfTheWordsTheServiceTakes() throws Exception {
        JsonNode api = apiDocument();
        String projectId = sendEveryExample();
        int probed = 0;
        for (OpenApiConfig.CommandExample example : OpenApiConfig.examples()) {
            if (!example.operationId().startsWith("record")) {
                continue;
            }
            EventType type = EventTypes.activityTypes().stream()
                    .filter(candidate -> example.path().endsWith("/" + candidate.name())).findFirst().orElseThrow();
            JsonNode schema = bodySchema(api, api.at("/paths/" + pointer(example.path())
                    + "/post/requestBody/content/application~1json/schema"));
            for (var closed : org.kronika.command.project.ActivityRules
                    .closedWords(type.javaType().asSubclass(org.kronika.events.ActivityEvent.class)).entrySet()) {
                List<String> words = new ArrayList<>();
                schema.path("properties").path(closed.getKey()).path("enum").forEach(word -> {
                    if (!word.isNull()) {
                        words.add(word.asText());
                    }
                });
                assertThat(words).as(type.name() + "." + closed.getKey()).isEqualTo(closed.getValue());
                ObjectNode off = json.valueToTree(example.body());
                off.put("activityId", "off-list-" + probed++).put(closed.getKey(), "none-of-these");
                var answer = post(projectId, example.path().replace("{projectId}", projectId), off);
                assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(422);
                assertThat(json.readTree(answer.getBody()).path("errors").findValuesAsText("field"))
                        .contains(closed.getKey());
            }
        }
        assertThat(probed).as("closed lists probed").isEqualTo(9);
        JsonNode define = bodySchema(api, operation(api, "defineIndicator").at(
                "/requestBody/content/application~1json/schema"));
        assertThat(texts(define.at("/properties/unit/enum"))).isEqualTo(org.kronika.events.Vocabulary.INDICATOR_UNITS);
        assertThat(texts(define.at("/properties/counts/enum"))).isEqualTo(org.kronika.events.Vocabulary.INDICATOR_COUNTS);
        assertThat(texts(define.at("/properties/aggregation/enum"))).isEqualTo(org.kronika.events.Vocabulary.AGGREGATIONS);
        assertThat(texts(define.at("/properties/dimensions/items/enum"))).isEqualTo(org.kronika.events.Vocabulary.DIMENSIONS);
    }

    /**
     * Every bound the document gives an activity's members (a text's maxLength, a required text's not-blank
     * pattern, a count's minimum and maximum, a breakdown's non-negative parts, a document hash's pattern) is the
     * one the service keeps: a value at the bound is recorded, one past it refused naming the member. A client that
     * checks a value against the document before sending it is never refused for it, nor stopped short of what the
     * service takes.
     */
    @Test
    void everyBoundTheDocumentGivesAnActivitysMembersIsTheOneTheServiceKeeps() throws Exception {
        JsonNode api = apiDocument();
        String projectId = sendEveryExample();
        int[] probes = new int[1];
        for (var recording : recordingSchemas(api).entrySet()) {
            OpenApiConfig.CommandExample example = recording.getKey();
            JsonNode schema = recording.getValue();
            ObjectNode body = json.valueToTree(example.body());
            String path = example.path().replace("{projectId}", projectId);
            for (var member = schema.path("properties").fields(); member.hasNext(); ) {
                var named = member.next();
                probeBounds(projectId, path, body, List.of(named.getKey()), named.getValue(), probes);
                if (body.path(named.getKey()).isObject()) {
                    for (var part = named.getValue().path("properties").fields(); part.hasNext(); ) {
                        var nested = part.next();
                        probeBounds(projectId, path, body, List.of(named.getKey(), nested.getKey()), nested.getValue(),
                                probes);
                    }
                }
            }
            JsonNode female = schema.at("/properties/participants/properties/bySex/additionalProperties/minimum");
            assertThat(female.asInt(-1)).as(example.name() + " breakdown parts").isEqualTo(0);
            ObjectNode negativePart = with(body, List.of("participants"), json.createObjectNode().put("total", 10),
                    probes);
            ((ObjectNode) negativePart.path("participants")).putObject("bySex").put("female", -1);
            refused(projectId, path, negativePart, "participants.bySex.female");
        }
        assertThat(probes[0]).as("bounds probed").isGreaterThan(EventTypes.activityTypes().size() * 6);
    }

    /** Each example recording an activity, with its request body's schema as the document gives it. */
    private static Map<OpenApiConfig.CommandExample, JsonNode> recordingSchemas(JsonNode api) {
        Map<OpenApiConfig.CommandExample, JsonNode> schemas = new java.util.LinkedHashMap<>();
        for (OpenApiConfig.CommandExample example : OpenApiConfig.examples()) {
            if (example.operationId().startsWith("record")) {
                schemas.put(example, bodySchema(api, api.at("/paths/" + pointer(example.path())
                        + "/post/requestBody/content/application~1json/schema")));
            }
        }
        return schemas;
    }

    private void probeBounds(String projectId, String path, ObjectNode body, List<String> member, JsonNode property,
                             int[] probes) throws Exception {
        String field = String.join(".", member);
        if (property.has("maxLength")) {
            int max = property.path("maxLength").asInt();
            // No municipality's name is that long: one at the bound is a name the programme knows, as pasted with
            // spaces after it (which it reads past); one past the bound is refused for its length alone.
            String atBound = field.equals("municipality")
                    ? String.format("%-" + max + "s", body.path("municipality").asText("Gjilan")) : "x".repeat(max);
            accepted(projectId, path, with(body, member, json.getNodeFactory().textNode(atBound), probes), field);
            refused(projectId, path, with(body, member, json.getNodeFactory().textNode(atBound + "x"), probes),
                    field);
        }
        if (property.path("pattern").asText().equals("\\S")) {
            assertThat(property.path("minLength").asInt()).as(field).isEqualTo(1);
            refused(projectId, path, with(body, member, json.getNodeFactory().textNode(" \t "), probes), field);
        }
        if (property.has("minimum")) {
            int min = property.path("minimum").asInt();
            accepted(projectId, path, with(body, member, json.getNodeFactory().numberNode(min), probes), field);
            refused(projectId, path, with(body, member, json.getNodeFactory().numberNode(min - 1), probes), field);
        }
        if (property.has("maximum")) {
            int max = property.path("maximum").asInt();
            accepted(projectId, path, with(body, member, json.getNodeFactory().numberNode(max), probes), field);
            refused(projectId, path, with(body, member, json.getNodeFactory().numberNode(max + 1), probes), field);
        }
        if (property.path("pattern").asText().equals("^[0-9a-f]{64}$")) {
            refused(projectId, path, with(body, member, json.getNodeFactory().textNode("A".repeat(64)), probes), field);
        }
    }

    /**
     * The body, as a new activity, with the member at {@code member} set to {@code value}. A participants' total is
     * stated without its parts, which a total at its lower bound would be less than.
     */
    private static ObjectNode with(ObjectNode body, List<String> member, JsonNode value, int[] probes) {
        ObjectNode copy = body.deepCopy();
        copy.put("activityId", "bound-" + probes[0]++);
        ObjectNode holder = copy;
        for (String step : member.subList(0, member.size() - 1)) {
            holder = holder.get(step) instanceof ObjectNode object ? object : holder.putObject(step);
        }
        if (member.equals(List.of("participants", "total"))) {
            holder.removeAll();
        }
        holder.set(member.get(member.size() - 1), value);
        return copy;
    }

    private void accepted(String projectId, String path, ObjectNode body, String field) throws Exception {
        var answer = post(projectId, path, body);
        assertThat(answer.getStatusCode().value()).as(path + " " + field + " at its bound: " + answer.getBody())
                .isEqualTo(201);
    }

    private void refused(String projectId, String path, ObjectNode body, String field) throws Exception {
        var answer = post(projectId, path, body);
        // A fact past its bound breaks a project rule (422); changeReason, beside the facts, is read with the request.
        assertThat(answer.getStatusCode().value()).as(path + " " + field + " past its bound: " + answer.getBody())
                .isEqualTo(field.equals("changeReason") ? 400 : 422);
        assertThat(json.readTree(answer.getBody()).path("errors").findValuesAsText("field")).as(path + " " + field)
                .contains(field);
    }

    /**
     * Every command's body but an activity's (those are held to the published schemas above), member by member as its
     * example states it, nested objects and a list's first entry too, against what the service does with it: a member
     * is refused absent, naming it, exactly when the document requires it; an object refuses a member it does not
     * know exactly when the document closes it (additionalProperties: false); a text refused empty or blank as the body
     * is read (400, its constraints) is one the document's minLength and pattern exclude, and every value the
     * document's minLength, pattern, enum or minimum excludes is refused naming the member. The ids a body creates are
     * new for every probe, so none is refused as already recorded. On the old document a title of "" was allowed
     * (minLength 0), a period target's target optional and every body open to unknown members.
     */
    @Test
    void everyCommandBodyIsDocumentedAsTheServiceReadsIt() throws Exception {
        JsonNode api = apiDocument();
        String projectId = sendEveryExample();
        List<String> disagreements = new ArrayList<>();
        int[] probes = new int[1];
        for (OpenApiConfig.CommandExample example : OpenApiConfig.examples()) {
            if (example.operationId().startsWith("record")) {
                continue;
            }
            JsonNode schema = operation(api, example.operationId())
                    .at("/requestBody/content/application~1json/schema");
            BodyProbe probe = new BodyProbe(api, projectId, example, json.valueToTree(example.body()), disagreements,
                    probes);
            probe.object(List.of(), schema);
        }
        assertThat(probes[0]).as("probes sent").isGreaterThan(150);
        assertThat(disagreements).isEmpty();
        // What no probe of an example can find wrong: the words a planned activity takes, and a version's size.
        assertThat(texts(api.at("/components/schemas/PlanActivityRequest/properties/activityType/enum")))
                .containsExactlyElementsOf(EventTypes.activityTypes().stream().map(EventType::name).toList());
        assertThat(api.at("/components/schemas/Problem/properties/currentVersion/format").asText())
                .isEqualTo(api.at("/components/schemas/CommandAnswer/properties/version/format").asText())
                .isEqualTo("int64");
    }

    /**
     * Members a correction may not leave out because the example's record it corrects states them (the measurement
     * "survey-2024-06": its breakdown and its source), which the document can only say in words: required of a
     * correction exactly when the record states them (docs/vocabulary.md).
     */
    private static final Set<String> STATED_BY_THE_EXAMPLE = Set.of("corrected.breakdown", "corrected.source");

    /** One example's body, probed member by member; each disagreement with the document is added to a list. */
    private final class BodyProbe {

        /** The members a command creates something under: new for every probe. */
        private static final Set<String> CREATED = Set.of("projectId", "indicatorId", "measurementId",
                "plannedActivityId", "periodId");

        private final JsonNode api;
        private final String projectId;
        private final OpenApiConfig.CommandExample example;
        private final ObjectNode body;
        private final List<String> disagreements;
        private final int[] probes;

        BodyProbe(JsonNode api, String projectId, OpenApiConfig.CommandExample example, ObjectNode body,
                  List<String> disagreements, int[] probes) {
            this.api = api;
            this.projectId = projectId;
            this.example = example;
            this.body = body;
            this.disagreements = disagreements;
            this.probes = probes;
        }

        /** The object at {@code at} (member names and list indexes), its members, and theirs. */
        void object(List<Object> at, JsonNode declared) throws Exception {
            JsonNode schema = bodySchema(api, declared);
            if (!schema.has("properties")) {
                // A map (a measurement's breakdown: its keys are the programme's words, as described) or a
                // correction's facts of any activity type (held to the published schemas by the tests above).
                return;
            }
            JsonNode value = body.at(jsonPointer(at));
            String unknown = field(at, "probeUnknown");
            boolean closed = schema.path("additionalProperties").isBoolean()
                    && !schema.path("additionalProperties").asBoolean();
            agree(at, unknown, "an unknown member", refusedNaming(send(at, "probeUnknown", json.getNodeFactory()
                    .numberNode(1)), unknown, false), closed);
            for (var names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String field = field(at, name);
                JsonNode property = schema.path("properties").path(name);
                agree(at, field, "absent", refusedNaming(send(at, name, null), field, false),
                        texts(schema.path("required")).contains(name) || STATED_BY_THE_EXAMPLE.contains(field));
                List<Object> member = new ArrayList<>(at);
                member.add(name);
                member(member, field, property, value.path(name));
            }
        }

        private void member(List<Object> at, String field, JsonNode property, JsonNode value) throws Exception {
            JsonNode schema = bodySchema(api, property);
            List<Object> holder = at.subList(0, at.size() - 1);
            Object name = at.get(at.size() - 1);
            if (value.isTextual()) {
                for (String blank : List.of("", " \t ")) {
                    var answer = send(holder, name, json.getNodeFactory().textNode(blank));
                    boolean excluded = excludes(schema, blank);
                    if (excluded && !refusedNaming(answer, field, false)) {
                        disagreements.add(example.name() + " " + field + "='" + blank + "' is excluded by the "
                                + "document, yet answered " + answer.getStatusCode().value() + " " + answer.getBody());
                    } else if (!excluded && refusedNaming(answer, field, true)) {
                        disagreements.add(example.name() + " " + field + "='" + blank + "' is refused as the body is "
                                + "read, yet the document allows it: " + schema);
                    }
                }
                if (schema.has("enum") && !refusedNaming(send(holder, name, json.getNodeFactory()
                        .textNode("no-such-word")), field, false)) {
                    disagreements.add(example.name() + " " + field + " takes a word its enum does not list");
                }
            } else if (value.isNumber() && schema.has("minimum")) {
                var below = json.getNodeFactory().numberNode(schema.path("minimum").asLong() - 1);
                if (!refusedNaming(send(holder, name, below), field, false)) {
                    disagreements.add(example.name() + " " + field + " takes " + below + ", below its minimum");
                }
            } else if (value.isObject()) {
                object(at, schema);
            } else if (value.isArray() && !value.isEmpty()) {
                List<Object> first = new ArrayList<>(at);
                first.add(0);
                member(first, field + "[0]", schema.path("items"), value.get(0));
            }
        }

        private void agree(List<Object> at, String field, String what, boolean refused, boolean documented) {
            if (refused != documented) {
                disagreements.add(example.name() + " " + field + " " + what + ": the service "
                        + (refused ? "refuses" : "takes") + " it, the document " + (documented ? "refuses" : "allows")
                        + " it");
            }
        }

        /** Whether the schema's minLength, pattern or enum leave the text out. */
        private boolean excludes(JsonNode schema, String text) {
            return schema.path("minLength").asInt(0) > text.length()
                    || (schema.has("pattern") && !java.util.regex.Pattern.compile(schema.path("pattern").asText())
                    .matcher(text).find())
                    || (schema.has("enum") && !texts(schema.path("enum")).contains(text))
                    || (schema.path("format").asText().equals("date") && !isDate(text));
        }

        private static boolean isDate(String text) {
            try {
                java.time.LocalDate.parse(text);
                return true;
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
        }

        private boolean refusedNaming(ResponseEntity<String> answer, String field, boolean asRead) throws Exception {
            int status = answer.getStatusCode().value();
            return (asRead ? status == 400 : status == 400 || status == 422)
                    && json.readTree(answer.getBody()).path("errors").findValuesAsText("field").contains(field);
        }

        /** The body with the member {@code name} of the object at {@code at} set to {@code value}, or left out. */
        private ResponseEntity<String> send(List<Object> at, Object name, JsonNode value) throws Exception {
            ObjectNode copy = body.deepCopy();
            CREATED.forEach(created -> {
                if (copy.path(created).isTextual()) {
                    copy.put(created, copy.path(created).asText() + "-p" + probes[0]);
                }
            });
            probes[0]++;
            JsonNode holder = copy.at(jsonPointer(at));
            if (holder instanceof ObjectNode object) {
                if (value == null) {
                    object.remove((String) name);
                } else {
                    object.set((String) name, value);
                }
            } else {
                ((com.fasterxml.jackson.databind.node.ArrayNode) holder).set((Integer) name, value);
            }
            String path = example.path().replace("{projectId}", projectId).replace(CLOSED_OUT, closedOut(projectId));
            return post(projectId, path, copy);
        }
    }

    private static String field(List<Object> at, Object name) {
        StringBuilder field = new StringBuilder();
        for (Object step : at) {
            field.append(step instanceof Integer index ? "[" + index + "]" : (field.isEmpty() ? "" : ".") + step);
        }
        return field + (field.isEmpty() ? "" : ".") + name;
    }

    private static String jsonPointer(List<Object> at) {
        StringBuilder pointer = new StringBuilder();
        at.forEach(step -> pointer.append('/').append(step.toString().replace("~", "~0").replace("/", "~1")));
        return pointer.toString();
    }

    /**
     * Each example's members, left out one at a time (nested ones too): the service refuses exactly those the
     * document marks required, naming the field, and records the activity without any other.
     */
    @Test
    void theDocumentRequiresExactlyTheMembersTheServiceCannotDoWithout() throws Exception {
        JsonNode api = apiDocument();
        String projectId = sendEveryExample();
        int probe = 0;
        for (var recording : recordingSchemas(api).entrySet()) {
            OpenApiConfig.CommandExample example = recording.getKey();
            JsonNode schema = recording.getValue();
            ObjectNode body = json.valueToTree(example.body());
            for (String member : members(api, schema, body, "")) {
                ObjectNode without = body.deepCopy();
                without.put("activityId", "probe-" + probe++);
                remove(without, member);
                var answer = post(projectId, example.path().replace("{projectId}", projectId), without);
                if (required(api, schema, member)) {
                    assertThat(answer.getStatusCode().value()).as(example.name() + " without " + member + ": "
                            + answer.getBody()).isIn(400, 422);
                    assertThat(json.readTree(answer.getBody()).path("errors").findValuesAsText("field"))
                            .as(example.name() + " without " + member).contains(member);
                } else {
                    assertThat(answer.getStatusCode().value()).as(example.name() + " without " + member + ": "
                            + answer.getBody()).isEqualTo(201);
                }
            }
        }
        assertThat(probe).as("members probed").isGreaterThan(EventTypes.activityTypes().size() * 5);
    }

    /**
     * A client generated from the document knows every refusal it may get, each as problem+json: those of every
     * command, 404 where the path names something, 412 where it takes If-Match, 428 where it must (an approval, a
     * closure), the key that makes a retry safe and the label that finds a command's events in the history.
     */
    @Test
    void everyOperationDocumentsTheProblemsItCanAnswerAndEveryCommandItsIdempotencyKeyAndCorrelationId() throws Exception {
        JsonNode api = apiDocument();
        JsonNode problem = api.at("/components/schemas/Problem");
        assertThat(texts(problem.path("required"))).contains("type", "title", "status", "detail");
        assertThat(problem.path("properties").has("instance")).isTrue();
        assertThat(bodySchema(api, problem.at("/properties/errors/items")).path("properties").has("field")).isTrue();
        int commands = 0;
        for (var path = api.path("paths").fields(); path.hasNext(); ) {
            var entry = path.next();
            for (var operations = entry.getValue().fields(); operations.hasNext(); ) {
                var named = operations.next();
                JsonNode operation = named.getValue();
                String name = named.getKey() + " " + entry.getKey();
                List<String> problems = new ArrayList<>();
                operation.path("responses").fields().forEachRemaining(response -> {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                                .as(name + " " + response.getKey()).isEqualTo("#/components/schemas/Problem");
                        problems.add(response.getKey());
                    }
                });
                assertThat(problems).as(name).contains("400");
                if (entry.getKey().contains("{")) {
                    assertThat(problems).as(name).contains("404");
                }
                if (!operation.has("requestBody")) {
                    continue;
                }
                commands++;
                assertThat(problems).as(name).contains("400", "401", "403", "409", "413", "415", "422", "503");
                List<String> headers = operation.path("parameters").findValuesAsText("name");
                assertThat(headers).as(name).contains("Idempotency-Key", "X-Correlation-Id");
                // What a generated client shows of the key: the request must be the same byte for byte, and a
                // replay's ETag is the first answer's, no version to send on.
                assertThat(parameter(operation, "Idempotency-Key").path("description").asText()).as(name)
                        .contains("byte for byte", "ETag", "do not send a replayed ETag as If-Match");
                operation.path("responses").fields().forEachRemaining(response -> {
                    if (response.getKey().startsWith("2")) {
                        assertThat(response.getValue().path("headers").has("X-Correlation-Id")).as(name).isTrue();
                    }
                });
                assertThat(problems.contains("412")).as(name + " 412").isEqualTo(headers.contains("If-Match"));
                // Who certifies the figures they saw names their version: an approval, a closure; no other must.
                boolean certifies = entry.getKey().endsWith("/approvals") || entry.getKey().endsWith("/closures");
                assertThat(headers.contains("If-Match") && parameter(operation, "If-Match").path("required")
                        .asBoolean()).as(name + " If-Match required").isEqualTo(certifies);
                assertThat(problems.contains("428")).as(name + " 428").isEqualTo(certifies);
            }
        }
        assertThat(commands).as("commands").isEqualTo(30);
    }

    /**
     * A client generated from the document gets every type the service answers or reads with its own members: no
     * schema stands for two types (two nested records sharing a simple name), and every operation has a name.
     */
    @Test
    void everyTypeAnsweredOrReadHasASchemaOfItsOwnWithItsMembersAndEveryOperationAName() throws Exception {
        JsonNode api = apiDocument();
        assertThat(OpenApiAgreement.typeDisagreements(api, context)).isEmpty();
        assertThat(OpenApiAgreement.numberedOperationIds(api)).isEmpty();
        assertThat(OpenApiAgreement.javaOnlyPatterns(api)).as("patterns ECMAScript reads otherwise").isEmpty();
    }

    /** No answer is documented as an object without members, nor as any media type. */
    @Test
    void everyResponseHasAMediaTypeAndASchemaWithMembers() throws Exception {
        JsonNode api = apiDocument();
        api.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses").fields()
                .forEachRemaining(response -> response.getValue().path("content").fields().forEachRemaining(media -> {
                    String name = operation.path("operationId").asText() + " " + response.getKey();
                    assertThat(media.getKey()).as(name).isNotEqualTo("*/*");
                    JsonNode schema = bodySchema(api, media.getValue().path("schema"));
                    assertThat(schema.path("type").asText().equals("object") && !schema.has("properties")
                            && !schema.has("additionalProperties")).as(name + " is an empty object").isFalse();
                }))));
    }

    /**
     * The roles the document names are the ones the service lets through: every operation is called with each
     * role's token, and only those of x-roles pass access control (the first rule of the table that matches).
     */
    @Test
    void eachOperationsDocumentedRolesAreExactlyThoseTheServiceLetsThrough() throws Exception {
        JsonNode api = apiDocument();
        assertThat(texts(api.at("/paths/" + pointer("/api/projects/{projectId}/periods/{periodId}/reopenings")
                + "/post/x-roles"))).containsExactly("admin");
        assertThat(texts(api.at("/paths/" + pointer("/api/projects/{projectId}/reopenings") + "/post/x-roles")))
                .containsExactly("admin");
        assertThat(texts(api.at("/paths/" + pointer("/api/projects/{projectId}/closures") + "/post/x-roles")))
                .containsExactly("officer");
        assertThat(api.at("/paths/" + pointer("/api/checkpoints/keys") + "/get/security")).isEmpty();
        Map<String, String> clients = Map.of("admin", "admin-demo", "officer", "officer-demo",
                "recorder", "recorder-komf", "auditor", "auditor-demo", "partner", "partner-demo");
        int calls = 0;
        for (var path = api.path("paths").fields(); path.hasNext(); ) {
            var entry = path.next();
            String url = entry.getKey().replaceAll("\\{[^}]+}", "probe-" + UUID.randomUUID().toString().substring(0, 8));
            for (var operations = entry.getValue().fields(); operations.hasNext(); ) {
                var named = operations.next();
                boolean open = named.getValue().path("security").isArray() && named.getValue().path("security").isEmpty();
                List<String> roles = texts(named.getValue().path("x-roles"));
                assertThat(open || !roles.isEmpty()).as(named.getKey() + " " + entry.getKey() + " names its roles").isTrue();
                for (var client : clients.entrySet()) {
                    HttpHeaders headers = new HttpHeaders();
                    headers.setBearerAuth(Tokens.of(client.getValue()));
                    headers.setContentType(MediaType.APPLICATION_JSON);
                    int status = http.exchange(url, HttpMethod.valueOf(named.getKey().toUpperCase()),
                            new HttpEntity<>(named.getValue().has("requestBody") ? "{}" : null, headers), String.class)
                            .getStatusCode().value();
                    String call = client.getKey() + " " + named.getKey() + " " + entry.getKey() + " → " + status;
                    if (open || roles.contains(client.getKey())) {
                        assertThat(status).as(call).isNotIn(401, 403);
                    } else {
                        assertThat(status).as(call).isEqualTo(403);
                    }
                    calls++;
                }
            }
        }
        assertThat(calls).isGreaterThan(27 * clients.size());
    }

    /** The example's members as paths, nested objects' too; every required member must be among them. */
    private List<String> members(JsonNode api, JsonNode schema, JsonNode example, String prefix) {
        List<String> members = new ArrayList<>();
        for (String required : texts(schema.path("required"))) {
            assertThat(example.has(required)).as("the example states required " + prefix + required).isTrue();
        }
        example.fields().forEachRemaining(member -> {
            String path = prefix + member.getKey();
            members.add(path);
            JsonNode nested = schema.path("properties").path(member.getKey());
            if (member.getValue().isObject() && nested.has("properties")) {
                members.addAll(members(api, nested, member.getValue(), path + "."));
            }
        });
        return members;
    }

    private static boolean required(JsonNode api, JsonNode schema, String path) {
        String[] steps = path.split("\\.");
        JsonNode parent = schema;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = parent.path("properties").path(steps[i]);
        }
        return texts(parent.path("required")).contains(steps[steps.length - 1]);
    }

    private static void remove(ObjectNode body, String path) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? body : (ObjectNode) body.at("/" + path.substring(0, dot).replace('.', '/'));
        parent.remove(path.substring(dot + 1));
    }

    /** Each example is answered with the one success its operation documents: its status, headers and members. */
    private String sendEveryExample() throws Exception {
        JsonNode api = apiDocument();
        String projectId = "ex-" + UUID.randomUUID().toString().substring(0, 8);
        recorderOrganisation = "nopm";
        // The ETag each project's last command answered; the examples close out a project of their own.
        Map<String, String> versions = new java.util.HashMap<>();
        for (OpenApiConfig.CommandExample example : OpenApiConfig.examples()) {
            String path = example.path().replace("{projectId}", projectId)
                    .replace(CLOSED_OUT, closedOut(projectId));
            // An approval names the version reviewed, a closure the one looked at: the project's, as the command
            // before it left it.
            var response = post(projectId, path, example.body(), Set.of("approve", "close")
                    .contains(example.operationId()) ? versions.get(path.split("/")[3]) : null);
            JsonNode answered = json.readTree(response.getBody());
            if (answered.has("projectId")) {
                versions.put(answered.path("projectId").asText(), response.getHeaders().getETag());
            }
            assertThat(response.getStatusCode().is2xxSuccessful())
                    .as(example.name() + " → " + response.getStatusCode() + " " + response.getBody()).isTrue();
            JsonNode responses = operation(api, example.operationId()).path("responses");
            List<String> successes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(code -> {
                if (code.startsWith("2")) {
                    successes.add(code);
                }
            });
            assertThat(successes).as(example.name()).containsExactly(Integer.toString(response.getStatusCode().value()));
            JsonNode success = responses.path(successes.get(0));
            assertThat(response.getHeaders().getETag()).as(example.name()).isNotNull();
            assertThat(response.getHeaders().getLocation() != null).as(example.name() + " Location")
                    .isEqualTo(success.path("headers").has(HttpHeaders.LOCATION)).isEqualTo(successes.get(0).equals("201"));
            List<String> members = new ArrayList<>();
            json.readTree(response.getBody()).fieldNames().forEachRemaining(members::add);
            List<String> documented = new ArrayList<>();
            bodySchema(api, success.at("/content/application~1json/schema")).path("properties").fieldNames()
                    .forEachRemaining(documented::add);
            assertThat(members).as(example.name()).containsExactlyInAnyOrderElementsOf(documented);
        }
        return projectId;
    }

    private ResponseEntity<String> post(String projectId, String path, Object body) throws Exception {
        return post(projectId, path, body, null);
    }

    private ResponseEntity<String> post(String projectId, String path, Object body, String ifMatch) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        // Each run defines its fiscal year in a calendar of its own, as it registers a project of its own.
        return http.postForEntity(path, new HttpEntity<>(json.writeValueAsString(body)
                .replace("example-participation", projectId).replace(CLOSED_OUT, closedOut(projectId)).replace("FY2024-25", "FY2024-25-" + projectId)
                .replace("fiscal-years", "fiscal-years-" + projectId), headers), String.class);
    }

    private static String closedOut(String projectId) {
        return projectId + "-closed";
    }

    private JsonNode apiDocument() throws Exception {
        return json.readTree(anonymous.getForObject("/v3/api-docs", String.class));
    }

    private static JsonNode operation(JsonNode api, EventType type) {
        JsonNode operation = api.at("/paths/" + pointer(ACTIVITIES + type.name()) + "/post");
        assertThat(operation.isMissingNode()).as("an operation for " + type.name()).isFalse();
        return operation;
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    private static JsonNode operation(JsonNode api, String operationId) {
        for (JsonNode path : api.path("paths")) {
            for (JsonNode operation : path) {
                if (operation.path("operationId").asText().equals(operationId)) {
                    return operation;
                }
            }
        }
        throw new AssertionError("no operation " + operationId);
    }

    /** The schema itself where the body refers to a component. */
    private static JsonNode bodySchema(JsonNode api, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema : api.at(ref.substring(1));
    }

    private JsonNode published(EventType type) throws Exception {
        try (InputStream in = EventType.class.getResourceAsStream(
                "/org/kronika/events/schemas/" + type.name() + ".v" + type.version() + ".schema.json")) {
            return json.readTree(in);
        }
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
