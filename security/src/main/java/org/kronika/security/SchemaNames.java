package org.kronika.security;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * How both services' OpenAPI documents name the schema of a type: a nested type by the types it is nested in and
 * its own name ({@code ActivityView.Correction} is {@code ActivityViewCorrection}), any other by its simple name.
 *
 * <p>swagger-core names every type by its simple name, so nested records sharing one ({@code ActivityView.Correction},
 * {@code HistoryEntryView.Correction}, {@code Measurement.Correction}) were one schema, the last described, and a
 * client generated from the document dropped the members of the others. A name depends on its type alone, never on
 * which other types the document holds, so adding a type renames none. Each service imports this configuration.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaNames {

    /**
     * swagger-core's resolver, naming types by {@link NestedTypeNames}, in place of the one it registers itself
     * (springdoc replaces a registered converter by a bean of the same class). springdoc puts each converter bean
     * first in the chain in turn, and this one answers every type without asking the next: ordered first among the
     * beans, it ends up last, where swagger-core's own was, after springdoc's converters that unwrap
     * {@code ResponseEntity} and the like.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public ModelResolver nestedTypesNamedWithTheirOuterTypes(SpringDocConfigProperties springDoc) {
        return springDoc.isOpenapi31()
                ? new ModelResolver(Json31.mapper(), new NestedTypeNames()).openapi31(true)
                : new ModelResolver(Json.mapper(), new NestedTypeNames());
    }

    /** The naming rule; a type's {@code @Schema(name)} still overrides it. */
    static final class NestedTypeNames extends TypeNameResolver {

        @Override
        protected String getNameOfClass(Class<?> type) {
            Class<?> outer = type.getEnclosingClass();
            return outer == null ? super.getNameOfClass(type) : getNameOfClass(outer) + type.getSimpleName();
        }
    }
}
