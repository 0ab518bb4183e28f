package org.kronika.command.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.kronika.command.project.Rules;
import org.kronika.command.project.TextLimits;
import org.kronika.events.DocumentReference;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every command body's schema as the service reads it, walked beside the record it is read into. swagger-core maps
 * Bean Validation loosely: a {@code @NotBlank} text with a {@code @Size(max)} came out {@code minLength: 0}, a
 * {@code @PositiveOrZero} count without {@code minimum}, and no record closed to unknown members. Here each member
 * says what the constraints on its record component enforce, element constraints ({@code List<@NotBlank String>})
 * on its items:
 * <ul>
 *     <li>{@code @NotBlank}: {@code minLength} 1 and the {@value #NOT_BLANK} pattern (a character not white space);
 *     <li>{@code @PositiveOrZero}, {@code @Positive}: {@code minimum} 0, 1;
 *     <li>a primitive: required, as the service refuses it absent or null (FAIL_ON_NULL_FOR_PRIMITIVES);
 *     <li>a record: {@code additionalProperties: false}, as unknown members are refused (FAIL_ON_UNKNOWN_PROPERTIES);
 *     <li>a bounded text: that its length counts UTF-16 code units, as the service counts it, where JSON Schema
 *     counts code points.
 * </ul>
 * Besides, what the project's rules demand of the events' records a body carries, which no annotation says, and the
 * activity types a planned activity takes. A list's items keep their nullability.
 */
final class RequestSchemas {

    /** A text that is not blank: one character at least that is not white space. */
    static final String NOT_BLANK = "\\S";
    static final String NOT_BLANK_SAID = " Blank (empty or white space only) is refused.";
    /** What a text's maxLength counts, said beside it. */
    private static final String UTF16_SAID = " Its length counts UTF-16 code units, as the service counts it (a character "
            + "outside the Basic Multilingual Plane, such as an emoji, counts two).";
    /** What becomes of a text, said beside it: events carry no personal data, and nothing checks a text for it. */
    private static final String KEPT_SAID = " Kept for good, in the project's history and on the partners' stream: name"
            + " groups, places and institutions, never a beneficiary.";
    /** What is said beside every text a command stores: what its length counts, and what becomes of it. */
    static final String TEXT_SAID = UTF16_SAID + KEPT_SAID;
    private static final String COMPONENTS = "#/components/schemas/";

    /**
     * What the project's rules demand of the events' records a body carries, which carry no annotation: a target's
     * period or place and a non-negative value ({@code ProjectTerms}), a document's title, reference and hash
     * ({@code Rules.document}), each refused as 422 naming it.
     */
    private static final Map<Class<?>, Consumer<Schema<?>>> RULED = Map.of(
            PeriodTarget.class, target -> ruled(target, List.of("periodId")),
            MunicipalityTarget.class, target -> ruled(target, List.of("municipality")),
            DocumentReference.class, document -> {
                ruled(document, List.of("title", "reference", "sha256"));
                text(document.getProperties().get("title"), TextLimits.DOCUMENT_TITLE);
                text(document.getProperties().get("reference"), TextLimits.DOCUMENT_REFERENCE);
                document.getProperties().get("sha256").setPattern(Rules.SHA256_PATTERN);
            });

    private final OpenAPI api;
    private final Set<String> walked = new HashSet<>();

    private RequestSchemas(OpenAPI api) {
        this.api = api;
    }

    /** @param handlers the service's handlers, whose {@code @RequestBody} types are walked */
    static void document(OpenAPI api, Map<RequestMappingInfo, HandlerMethod> handlers) {
        RequestSchemas schemas = new RequestSchemas(api);
        handlers.forEach((mapping, handler) -> {
            for (var parameter : handler.getMethodParameters()) {
                if (!parameter.hasParameterAnnotation(RequestBody.class)) {
                    continue;
                }
                for (String path : mapping.getPatternValues()) {
                    PathItem item = api.getPaths().get(path);
                    if (item == null) {
                        continue;
                    }
                    mapping.getMethodsCondition().getMethods().forEach(method -> {
                        Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
                        if (operation != null && operation.getRequestBody() != null
                                && operation.getRequestBody().getContent() != null
                                && operation.getRequestBody().getContent().get("application/json") != null) {
                            schemas.type(parameter.getParameter().getAnnotatedType(),
                                    operation.getRequestBody().getContent().get("application/json").getSchema());
                        }
                    });
                }
            }
        });
        schemas.plannedActivityTypes();
    }

    private void type(AnnotatedType annotated, Schema<?> schema) {
        if (schema == null) {
            return;
        }
        Class<?> raw = ResolvableType.forType(annotated.getType()).toClass();
        if (raw.isRecord()) {
            String name = schema.get$ref() == null ? null : schema.get$ref().replace(COMPONENTS, "");
            Schema<?> shown = name == null ? schema : api.getComponents().getSchemas().get(name);
            if (shown == null || (name != null && !walked.add(name))) {
                return;
            }
            record(raw, shown);
        } else if (Collection.class.isAssignableFrom(raw) && annotated instanceof AnnotatedParameterizedType list) {
            AnnotatedType element = list.getAnnotatedActualTypeArguments()[0];
            if (schema.getItems() != null) {
                constrain(schema.getItems(), annotations(element.getAnnotations()));
                type(element, schema.getItems());
            }
        }
    }

    private void record(Class<?> type, Schema<?> schema) {
        schema.setAdditionalProperties(Boolean.FALSE);
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = new ArrayList<>(schema.getRequired() == null ? List.of() : schema.getRequired());
        for (RecordComponent component : type.getRecordComponents()) {
            Schema<?> property = schema.getProperties().get(component.getName());
            if (property == null) {
                continue;
            }
            Map<Class<?>, Annotation> constraints = annotations(component.getAccessor().getAnnotations());
            constraints.putAll(annotations(component.getAnnotatedType().getAnnotations()));
            constrain(property, constraints);
            if (component.getType().isPrimitive()) {
                required.add(component.getName());
            }
            type(component.getAnnotatedType(), property);
        }
        schema.setRequired(required.stream().distinct().sorted().toList());
        RULED.getOrDefault(type, ruled -> { }).accept(schema);
    }

    /** The members the rules require; a target among them is not negative. */
    private static void ruled(Schema<?> schema, List<String> required) {
        List<String> all = new ArrayList<>(schema.getRequired() == null ? List.of() : schema.getRequired());
        all.addAll(required);
        schema.setRequired(all.stream().distinct().sorted().toList());
        if (schema.getProperties().get("target") != null) {
            schema.getProperties().get("target").setMinimum(BigDecimal.ZERO);
        }
    }

    /** A text the rules require, not blank, of at most {@code maxLength} characters. */
    private static void text(Schema<?> property, int maxLength) {
        property.setMaxLength(maxLength);
        property.setMinLength(1);
        property.setPattern(NOT_BLANK);
        describe(property, NOT_BLANK_SAID + TEXT_SAID);
    }

    /** The constraints' bounds on one value, stated where a client can check them. */
    private static void constrain(Schema<?> property, Map<Class<?>, Annotation> constraints) {
        if (constraints.containsKey(NotBlank.class)) {
            if (property.getMinLength() == null || property.getMinLength() < 1) {
                property.setMinLength(1);
            }
            if (property.getPattern() == null) {
                property.setPattern(NOT_BLANK);
            }
            describe(property, NOT_BLANK_SAID);
        }
        if (constraints.containsKey(PositiveOrZero.class)) {
            property.setMinimum(BigDecimal.ZERO);
        }
        if (constraints.containsKey(Positive.class)) {
            property.setMinimum(BigDecimal.ONE);
        }
        if (property.getMaxLength() != null) {
            describe(property, TEXT_SAID);
        }
    }

    /** Appends a sentence to a member's description, once. */
    static void describe(Schema<?> property, String sentence) {
        String description = property.getDescription();
        if (description == null || description.isBlank()) {
            property.setDescription(sentence.strip());
        } else if (!description.contains(sentence.strip())) {
            property.setDescription(description + sentence);
        }
    }

    /** A planned activity is of one of the activity types, as recording one is ({@code ActivityRules}). */
    private void plannedActivityTypes() {
        Schema<?> planned = api.getComponents().getSchemas().get(PlanActivityRequest.class.getSimpleName());
        if (planned != null && planned.getProperties() != null) {
            @SuppressWarnings("unchecked")
            Schema<Object> activityType = (Schema<Object>) planned.getProperties().get("activityType");
            activityType.setEnum(new ArrayList<>(EventTypes.activityTypes().stream().map(EventType::name).toList()));
        }
    }

    private static Map<Class<?>, Annotation> annotations(Annotation[] annotations) {
        Map<Class<?>, Annotation> byType = new LinkedHashMap<>();
        for (Annotation annotation : annotations) {
            byType.put(annotation.annotationType(), annotation);
        }
        return byType;
    }
}
