package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.kronika.command.project.ActivityRules;
import org.kronika.command.project.Rules;
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;
import org.kronika.events.ActivityEvent;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One documented operation per activity type, each with its own request schema. The controller serves them all
 * with one handler ({@code {activityType}} in the path), so springdoc sees a single operation with an untyped body;
 * a client generated from this document gets a type per activity instead.
 *
 * <p>Each schema is the activity event's published JSON Schema (module {@code events}) as a request reads it:
 * without {@code projectId}, which the path gives; closed to unknown members, which are refused; and with
 * exactly the members the rules demand required ({@link ActivityRules#requiredMembers}), each word of a closed list
 * an {@code enum}, and each bound the rules keep stated where a client can check it before sending: a text's
 * {@code maxLength} (a required one's {@code minLength} and not-blank {@code pattern}), a count's {@code minimum},
 * the participants' {@code maximum} and non-negative parts, a document hash's {@code pattern}, all from the one
 * declaration of each member ({@link ActivityRules.Member}). Other members may be left
 * out, which the service takes as {@code null}. Recording takes {@code changeReason} beside the facts; a
 * correction states the facts alone ({@code MeetingHeldFacts}), as the service refuses any other member there.
 */
final class ActivityOperations {

    private static final String GENERIC_PATH = "/api/projects/{projectId}/activities/{activityType}";
    private static final String CORRECT = "correct";
    private static final String COMPONENTS = "#/components/schemas/";
    private static final String ACTIVITY_ID = "activityId";
    private static final String CHANGE_REASON = "changeReason";
    private static final String APPLICATION_JSON = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ActivityOperations() {
    }

    /** The path each activity type is recorded at, e.g. {@code /api/projects/{projectId}/activities/meeting-held}. */
    private static String path(EventType type) {
        return GENERIC_PATH.replace("{activityType}", type.name());
    }

    /** The operation id of recording an activity type, e.g. {@code recordMeetingHeld}. */
    private static String operationId(EventType type) {
        return "record" + type.javaType().getSimpleName();
    }

    static void document(OpenAPI api) {
        PathItem genericPath = api.getPaths().get(GENERIC_PATH);
        if (genericPath == null) {
            return;
        }
        Operation generic = genericPath.getPost();
        Paths paths = new Paths();
        api.getPaths().forEach((path, item) -> {
            if (!path.equals(GENERIC_PATH)) {
                paths.addPathItem(path, item);
                return;
            }
            for (EventType type : EventTypes.activityTypes()) {
                api.getComponents().addSchemas(component(type), recordingSchema(type));
                api.getComponents().addSchemas(factsComponent(type), correctedSchema(type));
                paths.addPathItem(path(type), new PathItem().post(recordOperation(generic, type)));
            }
        });
        api.setPaths(paths);
        documentCorrectedFacts(api);
    }

    private static Operation recordOperation(Operation generic, EventType type) {
        return new Operation()
                .operationId(operationId(type))
                .tags(generic.getTags())
                .summary("Record " + type.name())
                .description("Records an activity as event " + type.cloudEventType() + ". The body is the event's "
                        + "data without projectId, which the path gives.")
                .parameters(generic.getParameters().stream().filter(p -> !"activityType".equals(p.getName()))
                        .collect(Collectors.toCollection(ArrayList::new)))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType(APPLICATION_JSON,
                        new MediaType().schema(reference(type)))))
                .responses(copy(generic.getResponses()))
                .security(generic.getSecurity());
    }

    /** Each operation's own responses, so that documenting one operation's refusals leaves the others' alone. */
    private static ApiResponses copy(ApiResponses generic) {
        ApiResponses responses = new ApiResponses();
        generic.forEach((code, response) -> responses.addApiResponse(code, new ApiResponse()
                .description(response.getDescription()).content(response.getContent())));
        return responses;
    }

    /** A correction states the facts in the shape of the activity's type, which its path does not tell. */
    private static void documentCorrectedFacts(OpenAPI api) {
        Operation correct = api.getPaths().values().stream().map(PathItem::getPost)
                .filter(operation -> operation != null && CORRECT.equals(operation.getOperationId()))
                .findFirst().orElseThrow();
        String body = correct.getRequestBody().getContent().get(APPLICATION_JSON).getSchema().get$ref()
                .replace(COMPONENTS, "");
        Schema<?> corrected = new Schema<>()
                .description("The activity's corrected facts in full, in the shape of the type it was recorded as "
                        + "(one of these); its activityId, if given, is that of the path.")
                .anyOf(EventTypes.activityTypes().stream()
                        .map(type -> new Schema<>().$ref(COMPONENTS + factsComponent(type)))
                        .collect(Collectors.<Schema>toList()));
        api.getComponents().getSchemas().get(body).getProperties().put("corrected", corrected);
    }

    private static String component(EventType type) {
        return type.javaType().getSimpleName();
    }

    /** The facts of an activity type as a correction states them, e.g. {@code MeetingHeldFacts}. */
    private static String factsComponent(EventType type) {
        return component(type) + "Facts";
    }

    private static Schema<?> reference(EventType type) {
        return new Schema<>().$ref(COMPONENTS + component(type));
    }

    /** What recording reads: the facts, and why an approved period changes beside them. */
    private static Schema<?> recordingSchema(EventType type) {
        ObjectNode schema = facts(type);
        schema.put("title", component(type));
        schema.put("description", schema.path("description").asText()
                + " Members not required may be left out or null; activityId is generated when absent.");
        ((ObjectNode) schema.path("properties")).putObject(CHANGE_REASON).put("type", "string")
                .put("maxLength", TextLimits.REASON)
                .put("description", "Not one of the facts: why an approved, locked reporting period changes. "
                        + "Required when occurredOn falls in one; the change is then flagged approved-period-changed."
                        + RequestSchemas.TEXT_SAID);
        return toSchema(schema);
    }

    /**
     * What a correction's {@code corrected} reads: the facts alone, the activity's id left out or that of the path. A
     * changeReason there is refused as a member the type does not have; the correction's reason says why a locked
     * period changes.
     */
    private static Schema<?> correctedSchema(EventType type) {
        ObjectNode schema = facts(type);
        schema.put("title", factsComponent(type));
        schema.put("description", schema.path("description").asText() + " Stated in full by a correction; its "
                + "activityId, if given, must be that of the path, which names it when left out; members not "
                + "required may be left out or null. No " + CHANGE_REASON + ": the correction's reason says why.");
        ArrayNode required = (ArrayNode) schema.path("required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (ACTIVITY_ID.equals(required.get(i).asText())) {
                required.remove(i);
            }
        }
        return toSchema(schema);
    }

    /** The event's published data as a request states it. */
    private static ObjectNode facts(EventType type) {
        ObjectNode schema = published(type);
        String published = schema.path("$id").asText();
        schema.remove(List.of("$schema", "$id"));
        schema.put("description", "The data of " + type.cloudEventType() + " without projectId (published schema: "
                + published + ").");
        ObjectNode properties = (ObjectNode) schema.path("properties");
        properties.remove("projectId");
        ((ObjectNode) properties.path("indicatorIds")).put("maxItems", Limits.INDICATORS_PER_ACTIVITY)
                .put("uniqueItems", true);
        Class<? extends ActivityEvent> event = type.javaType().asSubclass(ActivityEvent.class);
        asRequest(schema, ActivityRules.requiredMembers(event));
        text((ObjectNode) properties.path("title"), TextLimits.ACTIVITY_TITLE, true);
        ((ObjectNode) properties.path("municipality")).put("maxLength", TextLimits.MUNICIPALITY_NAME);
        ObjectNode participants = (ObjectNode) properties.path("participants").path("properties");
        ((ObjectNode) participants.path("total")).put("minimum", 0).put("maximum", ActivityRules.MAX_COUNT);
        for (String breakdown : List.of("bySex", "byAgeBand", "byCommunity")) {
            ((ObjectNode) participants.path(breakdown).path("additionalProperties")).put("minimum", 0);
        }
        for (ActivityRules.Member member : ActivityRules.membersOf(event)) {
            bounded((ObjectNode) properties.path(member.name()), member);
        }
        return schema;
    }

    /** The member's rule as the schema states it, so a client can check a value before sending it. */
    private static void bounded(ObjectNode property, ActivityRules.Member member) {
        if (member instanceof ActivityRules.Text text) {
            text(property, text.maxLength(), text.required());
        } else if (member instanceof ActivityRules.Count count) {
            property.put("minimum", count.minimum()).put("maximum", ActivityRules.MAX_COUNT);
        } else if (member instanceof ActivityRules.Word word) {
            ArrayNode allowed = property.putArray("enum");
            word.words().forEach(allowed::add);
            if (nullable(property)) {
                allowed.addNull();
            }
        } else if (member instanceof ActivityRules.Document) {
            ObjectNode parts = (ObjectNode) property.path("properties");
            text((ObjectNode) parts.path("title"), TextLimits.DOCUMENT_TITLE, true);
            text((ObjectNode) parts.path("reference"), TextLimits.DOCUMENT_REFERENCE, true);
            ((ObjectNode) parts.path("sha256")).put("pattern", Rules.SHA256_PATTERN);
        }
    }

    /** At most {@code maxLength} characters; required text must not be blank either (a character not a space). */
    private static void text(ObjectNode property, int maxLength, boolean required) {
        property.put("maxLength", maxLength);
        String description = property.path("description").asText();
        property.put("description", (description + RequestSchemas.TEXT_SAID).strip());
        if (required) {
            property.put("minLength", 1).put("pattern", RequestSchemas.NOT_BLANK);
        }
    }

    /**
     * A member the rules demand is required and not null; any other member may be left out, as the service reads
     * an absent member as {@code null}. Unknown members are refused, so no object takes any.
     */
    private static void asRequest(ObjectNode object, List<String> demanded) {
        ObjectNode properties = (ObjectNode) object.path("properties");
        ArrayNode required = JSON.createArrayNode();
        properties.fields().forEachRemaining(member -> {
            ObjectNode property = (ObjectNode) member.getValue();
            if (demanded.contains(member.getKey())) {
                required.add(member.getKey());
                withoutNull(property);
            } else if (!nullable(property) && has(object.path("required"), member.getKey())) {
                required.add(member.getKey());
            }
            if (property.has("properties")) {
                String prefix = member.getKey() + ".";
                asRequest(property, demanded.stream().filter(path -> path.startsWith(prefix))
                        .map(path -> path.substring(prefix.length())).toList());
            }
        });
        object.set("required", required);
        object.put("additionalProperties", false);
    }

    private static boolean nullable(JsonNode property) {
        return has(property.path("type"), "null");
    }

    private static void withoutNull(ObjectNode property) {
        JsonNode type = property.path("type");
        if (type.isArray()) {
            List<JsonNode> types = new ArrayList<>();
            type.forEach(t -> {
                if (!t.asText().equals("null")) {
                    types.add(t);
                }
            });
            property.set("type", types.size() == 1 ? types.get(0) : JSON.createArrayNode().addAll(types));
        }
    }

    private static boolean has(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode published(EventType type) {
        String resource = "/org/kronika/events/schemas/" + type.name() + ".v" + type.version() + ".schema.json";
        try (InputStream in = EventType.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No published schema " + resource);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema<?> toSchema(ObjectNode schema) {
        try {
            return Json31.mapper().treeToValue(schema, Schema.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
