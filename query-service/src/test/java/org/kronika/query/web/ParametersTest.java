package org.kronika.query.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersTest {

    @ParameterizedTest
    @ValueSource(strings = {"+1", "\u0661", "\uFF11", "1 ", " 1", "1.0", "0x1", "", "9223372036854775808", "01", "007",
            "-0"})
    void aPageNumberInAnyOtherFormThanPlainAsciiDigitsIsRefusedNamingTheParameter(String page) {
        assertThatThrownBy(() -> Parameters.bounded("page", page, 0, 0, 100))
                .isInstanceOfSatisfying(InvalidParameter.class, refused -> {
                    assertThat(refused.parameter()).isEqualTo("page");
                    assertThat(refused).hasMessage("must be a whole number");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "42", "100"})
    void asciiDigitsWithinTheBoundsAreRead(String page) {
        assertThat(Parameters.bounded("page", page, 0, 0, 100)).isEqualTo(Integer.parseInt(page));
    }

    @org.junit.jupiter.api.Test
    void aNegativeNumberIsReadWhereTheBoundsAllowIt() {
        assertThat(Parameters.number("from", "-1", -1, 10)).isEqualTo(-1);
    }
}
