package org.kronika.security;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTest {

    /** Lower-cased in a Turkish locale, ADMIN, OFFICER and AUDITOR became admın, offıcer and audıtor: every call 403. */
    @Test
    void aTokensRoleIsReadTheSameWhateverTheLocaleOfTheMachine() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            for (Role role : Role.values()) {
                assertThat(Role.fromClaim(role.name().toLowerCase(Locale.ROOT))).as(role.name()).contains(role);
            }
        } finally {
            Locale.setDefault(before);
        }
    }
}
