package org.kronika.command.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.kronika.command.project.ActivityDecoder;
import org.kronika.command.project.Programme;
import org.kronika.command.project.MalformedFacts;
import org.kronika.events.ActivityEvent;
import org.kronika.events.EventTypes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;

@Configuration(proxyBeanMethods = false)
public class ProgrammeConfig {

    /**
     * Strict like the HTTP API: an unknown field or a fraction where a count belongs is an error. So is a null in a
     * list or map of an activity (an indicator id, a breakdown's count): refused where it sits, before the event's
     * own constructor, whose copy of the list would refuse it without saying which.
     */
    static final ObjectMapper STRICT_JSON = StrictJson.apply(new ObjectMapper().registerModule(new JavaTimeModule()))
            .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));

    @Bean
    public Programme programme(@Value("${kronika.programme-file:classpath:org/kronika/events/programme.json}") Resource file)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            return new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Programme.class);
        }
    }

    @Bean
    public ActivityDecoder activityDecoder() {
        return (activityType, projectId, facts) -> {
            var type = EventTypes.named(activityType).orElseThrow();
            ObjectNode node = STRICT_JSON.valueToTree(facts);
            node.put("projectId", projectId);
            try {
                return (ActivityEvent) STRICT_JSON.treeToValue(node, type.javaType());
            } catch (IOException | IllegalArgumentException e) {
                throw new MalformedFacts(JsonErrors.fieldOf(e), JsonErrors.isMissing(e) ? "is required"
                        : e instanceof InvalidNullException ? "must not be null"
                        : e instanceof UnrecognizedPropertyException ? "is not a field of " + activityType
                        : "has the wrong type or format");
            }
        };
    }
}
