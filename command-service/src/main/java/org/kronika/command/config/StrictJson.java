package org.kronika.command.config;

import com.fasterxml.jackson.annotation.JsonFormat;
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
 * count belongs, or a number where a date belongs is an error, never quietly converted.
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
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("no-underflow")
                .addDeserializer(Double.class, new NoUnderflow(Double.class, null))
                .addDeserializer(double.class, new NoUnderflow(Double.TYPE, 0.0)));
        return mapper;
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
            if (value != null && value == 0.0
                    && parser.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
                int sign = parser.getDecimalValue().signum();
                return sign == 0 ? value : Math.copySign(Double.MIN_VALUE, sign);
            }
            return value;
        }
    }
}
