package org.kronika.command.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.LocalDate;

/**
 * Commands are read as written: a number where text belongs, text where a number belongs, a fraction where a
 * count belongs, or a number or a list where a date belongs is an error, never quietly converted; -0 is 0.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictCommands() {
        return builder -> builder.postConfigurer(StrictJson::apply);
    }

    public static ObjectMapper apply(ObjectMapper mapper) {
        // A member named twice is ambiguous: which one the sender meant is not for the reader to guess.
        mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        // A null inside a list of any body is one fault, named where it sits (indicatorIds[0]) before the command
        // is built: left to each list's own check, it was a 400 or a 422 in other words by endpoint. Lists only: an
        // activity's body is a map, whose optional members may be null.
        mapper.configOverride(java.util.List.class)
                .setSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(
                        com.fasterxml.jackson.annotation.Nulls.FAIL));
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("no-underflow")
                .addDeserializer(Double.class, new NoUnderflow(Double.class, null))
                .addDeserializer(double.class, new NoUnderflow(Double.TYPE, 0.0))
                .addDeserializer(LocalDate.class, new DateAsText()));
        return mapper;
    }

    /**
     * A date is the text of an RFC 3339 full-date: Jackson's own reader also takes {@code [2024,3,1]}, which the
     * contract does not describe, and the event would be stored and published as if "2024-03-01" had been sent.
     */
    static final class DateAsText extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<LocalDate> {

        DateAsText() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                     com.fasterxml.jackson.databind.DeserializationContext context)
                throws java.io.IOException {
            if (!parser.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
            }
            String text = parser.getText();
            try {
                return LocalDate.parse(text, java.time.format.DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (java.time.format.DateTimeParseException e) {
                return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text, "not a date (YYYY-MM-DD)");
            }
        }
    }

    /**
     * A number too small for a double (1e-400) would be read as 0: a value the sender did not write, stored as if
     * they had. It is read as the smallest double of its sign instead, which the range every number of a command
     * must be in (0, or 1e-6 to 1e15) refuses, naming the field, as it refuses 1e-7.
     */
    static final class NoUnderflow
            extends com.fasterxml.jackson.databind.deser.std.NumberDeserializers.DoubleDeserializer {

        NoUnderflow(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                  com.fasterxml.jackson.databind.DeserializationContext context)
                throws java.io.IOException {
            Double value = super.deserialize(parser, context);
            if (value != null && value == 0.0) {
                int sign = parser.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT
                        ? parser.getDecimalValue().signum() : 0;
                // -0 is 0: its sign means nothing, and would be stored, hashed and published as written.
                return sign == 0 ? 0.0 : Math.copySign(Double.MIN_VALUE, sign);
            }
            return value;
        }
    }
}
