package org.kronika.command.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.springframework.core.ResolvableType;
import org.springframework.validation.FieldError;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order a request states its members in: a record's components as declared, a list's entries by index, nested
 * records likewise. Bean Validation reports its violations as a set, in no order, so the same request was refused
 * with its fields listed in another order each time.
 */
final class StatedOrder {

    private StatedOrder() {
    }

    /** Then by field and message, so that two faults of one member come in one order too. */
    static Comparator<FieldError> of(Class<?> request) {
        // Position by position, a field before the members and entries inside it.
        return Comparator.comparing((FieldError error) -> positions(request, error), Arrays::compare)
                .thenComparing(FieldError::getField)
                .thenComparing(error -> String.valueOf(error.getDefaultMessage()));
    }

    /** Where the field sits: each member's place among its record's components, each entry's index. */
    private static int[] positions(Class<?> request, FieldError error) {
        List<Integer> positions = new ArrayList<>();
        if (!error.contains(ConstraintViolation.class)) {
            return new int[0];
        }
        Type type = request;
        for (Path.Node node : error.unwrap(ConstraintViolation.class).getPropertyPath()) {
            if (node.isInIterable()) {
                // A map's entries have no index: its keys, in the field's name, order them.
                positions.add(node.getIndex() == null ? 0 : node.getIndex());
                type = entryOf(type);
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                Class<?> raw = ResolvableType.forType(type).toClass();
                RecordComponent[] components = raw.isRecord() ? raw.getRecordComponents() : new RecordComponent[0];
                int at = 0;
                while (at < components.length && !components[at].getName().equals(node.getName())) {
                    at++;
                }
                positions.add(at);
                type = at < components.length ? components[at].getGenericType() : Object.class;
            }
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Type entryOf(Type type) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            Class<?> raw = ResolvableType.forType(generic).toClass();
            if (Collection.class.isAssignableFrom(raw)) {
                return arguments[0];
            }
            if (Map.class.isAssignableFrom(raw)) {
                return arguments[1];
            }
        }
        return Object.class;
    }
}
