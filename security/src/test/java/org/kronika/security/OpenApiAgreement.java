package org.kronika.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where a service's OpenAPI document ({@code /v3/api-docs}) and what the service really reads and writes disagree,
 * as a client generated from the document would find out: a schema standing for two Java types (springdoc names a
 * schema by the class's simple name, so two nested records both called {@code Correction} become one), members
 * the document leaves out or invents, an answer's field the document does not declare, an operation id numbered
 * rather than named.
 */
public final class OpenApiAgreement {

    private static final String JSON = "application/json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final Pattern NUMBERED = Pattern.compile(".*_\\d+$");

    private OpenApiAgreement() {
    }

    /** Operation ids springdoc numbered because two handlers share a method name ({@code periods_1}). */
    public static List<String> numberedOperationIds(JsonNode api) {
        List<String> numbered = new ArrayList<>();
        api.path("paths").forEach(path -> path.forEach(operation -> {
            String id = operation.path("operationId").asText();
            if (NUMBERED.matcher(id).matches()) {
                numbered.add(id);
            }
        }));
        return numbered;
    }

    /** Java's own regular-expression forms, which ECMAScript, the dialect of a schema's pattern, reads otherwise. */
    private static final Pattern JAVA_ONLY = Pattern.compile("\\(\\?[a-zA-Z-]+[:)]|\\\\[AZzhHRX]|\\\\p\\{(Is|In|java)"
            + "|[*+?}]\\+");

    /**
     * Each schema's pattern, anywhere in the document, written with a form of Java's regular expressions that
     * ECMAScript, the dialect OpenAPI and JSON Schema name, does not read so (an inline flag such as {@code (?s)},
     * {@code \A}, a possessive quantifier): a validator or generated client fails on it, or matches otherwise.
     */
    public static List<String> javaOnlyPatterns(JsonNode api) {
        List<String> found = new ArrayList<>();
        api.findValues("pattern").forEach(pattern -> {
            if (pattern.isTextual() && JAVA_ONLY.matcher(pattern.asText()).find()) {
                found.add(pattern.asText());
            }
        });
        return found;
    }

    private static boolean ignored(Class<?> type, String member) {
        try {
            return type.getDeclaredField(member).isAnnotationPresent(JsonIgnore.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /**
     * Every type a documented handler answers as JSON or reads as its JSON body, walked member by member beside
     * the schema the document gives it, each as the service's own JSON mapper sees it: where a schema's members are
     * not the type's, and where one schema stands for two types.
     */
    public static List<String> typeDisagreements(JsonNode api, ApplicationContext context) {
        ObjectMapper json = context.getBean(RequestMappingHandlerAdapter.class).getMessageConverters().stream()
                .filter(MappingJackson2HttpMessageConverter.class::isInstance)
                .map(converter -> ((MappingJackson2HttpMessageConverter) converter).getObjectMapper())
                .findFirst().orElseThrow();
        Walk walk = new Walk(api, json);
        Map<RequestMappingInfo, HandlerMethod> handlers = context
                .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods();
        handlers.forEach((mapping, handler) -> {
            for (String path : mapping.getPatternValues()) {
                mapping.getMethodsCondition().getMethods().forEach(method -> {
                    JsonNode operation = api.path("paths").path(path).path(method.name().toLowerCase());
                    if (operation.isMissingNode()) {
                        return;
                    }
                    String where = method + " " + path;
                    answered(operation).ifPresent(schema -> walk.type(json.constructType(
                            handler.getReturnType().getGenericParameterType()), schema, where + " answer", true));
                    for (var parameter : handler.getMethodParameters()) {
                        JsonNode body = operation.at("/requestBody/content/application~1json/schema");
                        if (parameter.hasParameterAnnotation(RequestBody.class) && !body.isMissingNode()) {
                            walk.type(json.constructType(parameter.getGenericParameterType()), body, where + " body", false);
                        }
                    }
                });
            }
        });
        walk.typesByName.forEach((name, types) -> {
            if (types.size() > 1) {
                walk.disagreements.add("schema " + name + " stands for " + types.size() + " types: " + types);
            }
        });
        return new ArrayList<>(walk.disagreements);
    }

    /**
     * Where a real answer to the operation ({@code get /api/portfolio}) is not what the document declares it to be:
     * a field of an object the schema does not declare (a generated client drops it), a required one absent, or a
     * value of another JSON type. A {@code null} is taken for an absent value.
     */
    public static List<String> undeclared(JsonNode api, String method, String path, JsonNode answer) {
        JsonNode operation = api.path("paths").path(path).path(method);
        JsonNode schema = answered(operation).orElseThrow(() -> new AssertionError(
                "the document has no JSON answer for " + method + " " + path));
        Set<String> issues = new LinkedHashSet<>();
        check(api, answer, schema, method + " " + path, issues);
        return new ArrayList<>(issues);
    }

    /**
     * Values to send a query parameter to hold its schema to the service: {@code allowed} ones a client generated from
     * the document may send (its bounds, its default, each value of its enum, its example), which the service must
     * take, without failing on them; {@code refused} ones the schema leaves out (just past a bound, not a whole number,
     * not a date, a year of other than four digits), which it must refuse naming the parameter. {@code unstated} says
     * what the schema fails to say of a parameter that the service reads as a String: a text with no bound at all,
     * which no parameter of either service takes.
     */
    public record Probes(List<String> allowed, List<String> refused, List<String> unstated) {
    }

    private static final ObjectMapper PROBLEMS = new ObjectMapper();

    /** A service's answer to a probe: its status and body. */
    public record Answer(int status, String body) {
    }

    /** Sends one probe: {@code name=value} to the GET operation at {@code path} (as the document writes it). */
    @FunctionalInterface
    public interface Probe {
        Answer send(String path, JsonNode operation, String name, String value);
    }

    /** The query parameters probed ({@code GET <path> <name>}) and where the service disagreed with their schemas. */
    public record Probed(List<String> parameters, List<String> disagreements) {
    }

    /** Every query parameter of every GET in the document, probed as {@link #probeDisagreements} says. */
    public static Probed probeQueryParameters(JsonNode api, Probe probe) {
        List<String> parameters = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> {
            JsonNode get = path.getValue().path("get");
            for (JsonNode parameter : get.path("parameters")) {
                if (!parameter.path("in").asText().equals("query")) {
                    continue;
                }
                String name = parameter.path("name").asText();
                String where = "GET " + path.getKey() + " " + name;
                parameters.add(where);
                disagreements.addAll(probeDisagreements(where, parameter,
                        value -> probe.send(path.getKey(), get, name, value)));
            }
        });
        return new Probed(parameters, disagreements);
    }

    /**
     * Sends each probe of a query parameter ({@link #probes}) and says where the service disagrees with its schema:
     * a value the schema allows answered 400 or 5xx, one it leaves out not refused with 400 naming the parameter, and
     * what the schema leaves unsaid. {@code where} names the parameter in what is said.
     */
    public static List<String> probeDisagreements(String where, JsonNode parameter,
                                                  java.util.function.Function<String, Answer> send) {
        String name = parameter.path("name").asText();
        Probes probes = probes(parameter);
        List<String> found = new ArrayList<>();
        probes.unstated().forEach(issue -> found.add(where + ": " + issue));
        for (String value : probes.allowed()) {
            Answer answer = send.apply(value);
            if (answer.status() == 400 || answer.status() >= 500) {
                found.add(where + "=" + value + " is allowed, yet answered " + answer.status() + " " + answer.body());
            }
        }
        for (String value : probes.refused()) {
            Answer answer = send.apply(value);
            if (answer.status() != 400 || !namedFields(answer.body()).contains(name)) {
                found.add(where + "=" + value + " is left out, yet answered " + answer.status() + " " + answer.body());
            }
        }
        return found;
    }

    private static List<String> namedFields(String problem) {
        try {
            return PROBLEMS.readTree(problem).path("errors").findValuesAsText("field");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }

    public static Probes probes(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        List<String> allowed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> unstated = new ArrayList<>();
        if (parameter.path("description").asText().isBlank()) {
            unstated.add("no description");
        }
        if (schema.has("default")) {
            allowed.add(schema.path("default").asText());
        }
        if (schema.has("example")) {
            allowed.add(schema.path("example").asText());
        }
        String type = schema.path("type").asText();
        String format = schema.path("format").asText();
        if (schema.has("enum")) {
            schema.path("enum").forEach(value -> allowed.add(value.asText()));
            refused.add("no-such-value");
        } else if (type.equals("integer")) {
            refused.addAll(List.of("x", "1.5"));
            for (String bound : List.of("minimum", "maximum")) {
                if (schema.has(bound)) {
                    long value = schema.path(bound).asLong();
                    allowed.add(Long.toString(value));
                    refused.add(Long.toString(bound.equals("minimum") ? value - 1 : value + 1));
                }
            }
        } else if (format.equals("date")) {
            // RFC 3339's years are four digits, the last day of the last of them included; Java also reads a sign
            // and up to nine digits, and a day near either end of those has no day after or before it.
            allowed.addAll(List.of("9999-12-31", "0001-01-01"));
            refused.addAll(List.of("30.06.2024", "2024-06-31", "-999999999-01-01", "10000-01-01"));
        } else if (format.equals("date-time")) {
            // An instant that must have come (x-not-after: now) takes the past only: the last of RFC 3339 is refused.
            (schema.path("x-not-after").asText().equals("now") ? refused : allowed).add("9999-12-31T23:59:59Z");
            refused.addAll(List.of("2024-06-30", "yesterday", "-1000000000-01-01T00:00:00Z", "10000-01-01T00:00:00Z"));
        } else {
            if (schema.has("maxLength")) {
                refused.add("a".repeat(schema.path("maxLength").asInt() + 1));
            }
            if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher("!").find()) {
                refused.add("!");
            }
            if (refused.isEmpty()) {
                unstated.add("any string, of any length");
            }
        }
        if (allowed.isEmpty()) {
            unstated.add("no value it takes: no default, example, bound or enum");
        }
        return new Probes(allowed, refused, unstated);
    }

    private static java.util.Optional<JsonNode> answered(JsonNode operation) {
        for (var response = operation.path("responses").fields(); response.hasNext(); ) {
            var entry = response.next();
            JsonNode schema = entry.getValue().at("/content/application~1json/schema");
            if (entry.getKey().startsWith("2") && !schema.isMissingNode()) {
                return java.util.Optional.of(schema);
            }
        }
        return java.util.Optional.empty();
    }

    private static void check(JsonNode api, JsonNode value, JsonNode schema, String where, Set<String> issues) {
        schema = resolved(api, schema);
        if (value.isNull()) {
            return;
        }
        List<JsonNode> alternatives = alternatives(schema);
        if (!alternatives.isEmpty()) {
            List<Set<String>> each = new ArrayList<>();
            for (JsonNode alternative : alternatives) {
                Set<String> found = new LinkedHashSet<>();
                check(api, value, alternative, where, found);
                if (found.isEmpty()) {
                    return;
                }
                each.add(found);
            }
            issues.addAll(each.get(0));
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            check(api, value, part, where, issues);
        }
        Set<String> types = new HashSet<>();
        schema.path("type").forEach(type -> types.add(type.asText()));
        if (schema.path("type").isTextual()) {
            types.add(schema.path("type").asText());
        }
        String actual = jsonType(value);
        if (!types.isEmpty() && !types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
            issues.add(where + ": a " + actual + ", documented as " + types);
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        // An object declaring neither its members nor their schema is free-form, as a map of anything is.
        if (value.isObject() && (properties.isObject() || additional.isObject())) {
            value.fields().forEachRemaining(field -> {
                String member = where + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    check(api, field.getValue(), properties.path(field.getKey()), member, issues);
                } else if (additional.isObject()) {
                    check(api, field.getValue(), additional, where + ".*", issues);
                } else {
                    issues.add(member + ": not declared (declared: " + names(properties) + ")");
                }
            });
            schema.path("required").forEach(required -> {
                if (!value.has(required.asText())) {
                    issues.add(where + "." + required.asText() + ": required, absent");
                }
            });
        } else if (value.isArray() && schema.has("items")) {
            for (JsonNode item : value) {
                check(api, item, schema.path("items"), where + "[]", issues);
            }
        }
    }

    private static String jsonType(JsonNode value) {
        if (value.isObject()) {
            return "object";
        } else if (value.isArray()) {
            return "array";
        } else if (value.isIntegralNumber()) {
            return "integer";
        } else if (value.isNumber()) {
            return "number";
        } else if (value.isBoolean()) {
            return "boolean";
        }
        return "string";
    }

    /** The component a {@code $ref} names, else the schema itself. */
    private static JsonNode resolved(JsonNode api, JsonNode schema) {
        while (schema.has("$ref")) {
            schema = api.path("components").path("schemas").path(referenced(schema));
        }
        return schema;
    }

    private static String referenced(JsonNode schema) {
        return schema.path("$ref").asText().substring(SCHEMAS.length());
    }

    /** The alternatives of an anyOf or oneOf, but for the one that only admits null. */
    private static List<JsonNode> alternatives(JsonNode schema) {
        List<JsonNode> alternatives = new ArrayList<>();
        for (String combination : List.of("anyOf", "oneOf")) {
            schema.path(combination).forEach(alternative -> {
                if (!alternative.path("type").asText().equals("null")) {
                    alternatives.add(alternative);
                }
            });
        }
        return alternatives;
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** One pass over the documented types, remembering which schema each was described by. */
    private static final class Walk {

        private final JsonNode api;
        private final ObjectMapper json;
        private final Map<String, Set<String>> typesByName = new LinkedHashMap<>();
        private final Set<String> walked = new HashSet<>();
        private final Set<String> disagreements = new LinkedHashSet<>();

        Walk(JsonNode api, ObjectMapper json) {
            this.api = api;
            this.json = json;
        }

        void type(JavaType type, JsonNode schema, String where, boolean answer) {
            if (HttpEntity.class.isAssignableFrom(type.getRawClass())) {
                type = type.containedTypeOrUnknown(0);
            }
            if (type.isReferenceType()) {
                type = type.getContentType();
            }
            List<JsonNode> alternatives = alternatives(schema);
            if (alternatives.size() > 1) {
                return;
            } else if (alternatives.size() == 1) {
                schema = alternatives.get(0);
            }
            if (schema.has("$ref")) {
                String name = referenced(schema);
                typesByName.computeIfAbsent(name, n -> new TreeSet<>()).add(type.toCanonical());
                if (!walked.add(name + " " + type.toCanonical() + " " + answer)) {
                    return;
                }
                schema = resolved(api, schema);
            }
            if (type.isContainerType()) {
                JsonNode content = type.isMapLikeType() ? schema.path("additionalProperties") : schema.path("items");
                if (content.isObject()) {
                    type(type.getContentType(), content, where + "[]", answer);
                }
                return;
            }
            Class<?> raw = type.getRawClass();
            if (raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.") || JsonNode.class.isAssignableFrom(raw)
                    || raw == Object.class) {
                return;
            }
            BeanDescription description = answer ? json.getSerializationConfig().introspect(type)
                    : json.getDeserializationConfig().introspect(type);
            if (description.findJsonValueAccessor() != null) {
                return;
            }
            Map<String, BeanPropertyDefinition> members = new LinkedHashMap<>();
            for (BeanPropertyDefinition member : description.findProperties()) {
                // A record's component marked @JsonIgnore is neither read nor written, though Jackson still lists it
                // among the creator's: the annotation does not reach a constructor's parameter.
                if (!ignored(raw, member.getName()) && (answer ? member.couldSerialize() : member.couldDeserialize())) {
                    members.put(member.getName(), member);
                }
            }
            Set<String> documented = names(schema.path("properties"));
            if (!documented.equals(new TreeSet<>(members.keySet()))) {
                disagreements.add(where + " (" + type.toCanonical() + "): " + (answer ? "answers " : "reads ")
                        + new TreeSet<>(members.keySet()) + ", documented " + documented);
            }
            JsonNode properties = schema.path("properties");
            members.forEach((name, member) -> {
                JsonNode property = properties.path(name);
                if (!property.isMissingNode()) {
                    type(member.getPrimaryType(), property, where + "." + name, answer);
                }
            });
        }
    }
}
