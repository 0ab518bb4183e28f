package org.kronika.command.project;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.List;

/** Matchers of refusals for aggregate fixtures. */
public final class FieldRefusals {

    private FieldRefusals() {
    }

    /** A refusal naming exactly these fields, in this order, each with its message: {@code field: message}. */
    public static <T extends FieldRefusal> Matcher<T> faults(Class<T> kind, String... sentences) {
        return new TypeSafeMatcher<>(kind) {
            @Override
            protected boolean matchesSafely(T e) {
                return e.faults().stream().map(f -> f.field() + ": " + f.message()).toList()
                        .equals(List.of(sentences));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(kind.getSimpleName() + " naming " + List.of(sentences));
            }

            @Override
            protected void describeMismatchSafely(T e, Description description) {
                description.appendText("named " + e.faults());
            }
        };
    }
}
