package org.kronika.command.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.springframework.validation.FieldError;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
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
        return Comparator.comparing((FieldError error) -> positions(request, error), StatedOrder::compare)
                .thenComparing(FieldError::getField)
                .thenComparing(error -> String.valueOf(error.getDefaultMessage()));
    }

    /** Where the field sits: each member's place among its record's components, each entry's index. */
    private static List<Integer> positions(Class<?> request, FieldError error) {
        List<Integer> positions = new ArrayList<>();
        if (!error.contains(ConstraintViolation.class)) {
            return positions;
        }
        Type type = request;
        for (Path.Node node : error.unwrap(ConstraintViolation.class).getPropertyPath()) {
            if (node.isInIterable()) {
                // A map's entries have no index: its keys, in the field's name, order them.
                positions.add(node.getIndex() == null ? 0 : node.getIndex());
                type = entryOf(type);
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                RecordComponent[] components = rawOf(type).isRecord() ? rawOf(type).getRecordComponents()
                        : new RecordComponent[0];
                int at = 0;
                while (at < components.length && !components[at].getName().equals(node.getName())) {
                    at++;
                }
                positions.add(at);
                type = at < components.length ? components[at].getGenericType() : Object.class;
            }
        }
        return positions;
    }

    private static Type entryOf(Type type) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(rawOf(generic))) {
                return arguments[0];
            }
            if (Map.class.isAssignableFrom(rawOf(generic))) {
                return arguments[1];
            }
        }
        return Object.class;
    }

    private static Class<?> rawOf(Type type) {
        return type instanceof Class<?> plain ? plain
                : type instanceof ParameterizedType generic ? (Class<?>) generic.getRawType() : Object.class;
    }

    private static int compare(List<Integer> one, List<Integer> other) {
        for (int i = 0; i < Math.min(one.size(), other.size()); i++) {
            int order = Integer.compare(one.get(i), other.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(one.size(), other.size());
    }
}
