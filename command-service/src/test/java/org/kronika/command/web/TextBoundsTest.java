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
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text one character too long is one mistake, answered in one wording: the aggregate's, {@link TextLimits#AT_MOST};
 * so is a list or map with one entry too many, {@link Limits#AT_MOST_ENTRIES} (or {@link Limits#FROM_TO_ENTRIES} where
 * it must not be empty either). Bean Validation's own words for {@code @Size}, "size must be between 0 and N", would
 * creep back with the next field whose {@code @Size} leaves out its message.
 */
class TextBoundsTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void everyTextBoundOfEveryRequestRefusesInTheAggregatesWords() {
        Map<String, Size> textBounds = bounds(true);

        assertThat(textBounds).as("text bounds found").containsKeys("RegisterProjectRequest.title",
                "RegisterProjectRequest.specificObjectives[]", "PeriodRequests$Comment.comment",
                "IndicatorRequests$Measure.municipality");
        assertThat(textBounds).allSatisfy((bound, size) -> assertThat(size.message()).as(bound)
                .isEqualTo(TextLimits.AT_MOST));
    }

    @Test
    void everyListOrMapBoundOfEveryRequestRefusesInTheAggregatesWords() {
        Map<String, Size> entryBounds = bounds(false);

        assertThat(entryBounds).as("list and map bounds found").containsKeys("RegisterProjectRequest.municipalities",
                "AmendProjectRequest.municipalities", "RegisterProjectRequest.specificObjectives",
                "IndicatorRequests$Measure.breakdown", "PlanActivityRequest.indicatorIds");
        assertThat(entryBounds).allSatisfy((bound, size) -> assertThat(size.message()).as(bound)
                .isEqualTo(size.min() == 0 ? Limits.AT_MOST_ENTRIES : Limits.FROM_TO_ENTRIES));
    }

    /** The {@code @Size} of every request record in this package: of its texts, or else of its lists and maps. */
    private Map<String, Size> bounds(boolean texts) {
        Map<String, Size> found = new TreeMap<>();
        for (JavaClass request : new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(getClass().getPackageName())) {
            Class<?> type = request.reflect();
            if (!type.isRecord()) {
                continue;
            }
            for (PropertyDescriptor property : validator.getConstraintsForClass(type).getConstrainedProperties()) {
                String name = type.getName().substring(type.getPackageName().length() + 1) + "." + property.getPropertyName();
                if ((property.getElementClass() == String.class) == texts) {
                    sizes(property.getConstraintDescriptors(), name, found);
                }
                for (ContainerElementTypeDescriptor element : property.getConstrainedContainerElementTypes()) {
                    if ((element.getElementClass() == String.class) == texts) {
                        sizes(element.getConstraintDescriptors(), name + "[]", found);
                    }
                }
            }
        }
        return found;
    }

    private static void sizes(Set<ConstraintDescriptor<?>> constraints, String name, Map<String, Size> found) {
        constraints.stream().filter(constraint -> constraint.getAnnotation() instanceof Size)
                .forEach(size -> found.put(name, (Size) size.getAnnotation()));
    }
}
