package org.kronika.query.history;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The history's actor filter takes every subject the services take from a token and show as an event's actor, as
 * identity providers name their users: one the history shows must be one it can be filtered by.
 */
class HistoryQueryTest {

    @Test
    void anActorFilterTakesEverySubjectAnIdentityProviderGivesAndRefusesControlCharacters() {
        for (String subject : List.of("recorder-kec", "auth0|65f1c0ffee", "jane+kronika@example.org",
                "f3c1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b", "Ëndrit Krasniqi", "x".repeat(500))) {
            assertThatCode(() -> HistoryQuery.check(null, subject)).as(subject).doesNotThrowAnyException();
        }
        for (String refused : List.of("", "a\u0001b", "line\nbreak", "c1\u0085control", "x".repeat(501))) {
            assertThatThrownBy(() -> HistoryQuery.check(null, refused)).as(refused)
                    .hasMessageStartingWith("actor: must be a token subject");
        }
    }
}
