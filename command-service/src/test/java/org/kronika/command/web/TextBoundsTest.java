package org.kronika.command.web;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import org.junit.jupiter.api.Test;
import org.kronika.command.project.TextLimits;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text one character too long is one mistake, answered in one wording: the aggregate's, {@link TextLimits#AT_MOST}.
 * Bean Validation's own words for {@code @Size}, "size must be between 0 and N", would creep back with the next text
 * field whose {@code @Size} leaves out its message.
 */
class TextBoundsTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void everyTextBoundOfEveryRequestRefusesInTheAggregatesWords() {
        Map<String, String> textBounds = new TreeMap<>();
        for (JavaClass request : new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(getClass().getPackageName())) {
            Class<?> type = request.reflect();
            if (!type.isRecord()) {
                continue;
            }
            for (PropertyDescriptor property : validator.getConstraintsForClass(type).getConstrainedProperties()) {
                String name = type.getName().substring(type.getPackageName().length() + 1) + "." + property.getPropertyName();
                if (property.getElementClass() == String.class) {
                    sizes(property.getConstraintDescriptors(), name, textBounds);
                }
                for (ContainerElementTypeDescriptor element : property.getConstrainedContainerElementTypes()) {
                    if (element.getElementClass() == String.class) {
                        sizes(element.getConstraintDescriptors(), name + "[]", textBounds);
                    }
                }
            }
        }

        assertThat(textBounds).as("text bounds found").containsKeys("RegisterProjectRequest.title",
                "RegisterProjectRequest.specificObjectives[]", "PeriodRequests$Comment.comment",
                "IndicatorRequests$Measure.municipality");
        assertThat(textBounds).allSatisfy((bound, message) -> assertThat(message).as(bound)
                .isEqualTo(TextLimits.AT_MOST));
    }

    private static void sizes(Set<ConstraintDescriptor<?>> constraints, String name, Map<String, String> found) {
        constraints.stream().filter(constraint -> constraint.getAnnotation() instanceof Size)
                .forEach(size -> found.put(name, size.getMessageTemplate()));
    }
}
