package org.kronika.command.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectedVersionTest {

    @Test
    void aVersionIsReadAsAnETagGivesItOrAsTheBareNumber() {
        assertThat(ExpectedVersion.parse("\"3\"")).isEqualTo(3L);
        assertThat(ExpectedVersion.parse(" \"0\" ")).isZero();
        assertThat(ExpectedVersion.parse("12")).isEqualTo(12L);
        assertThat(ExpectedVersion.parse(null)).isNull();
        assertThat(ExpectedVersion.parse(" ")).isNull();
    }

    /** Every quote was stripped and the rest read as a number: "3, +3, "03" and "3"" were all version 3. */
    @Test
    void anythingElseIsRefusedNamingIfMatch() {
        for (String ifMatch : List.of("\"3", "3\"", "\"3\"\"", "+3", "\"03\"", "\"3\", \"4\"", "*", "\"\"", "-1",
                "\"-1\"", "x3", "99999999999999999999")) {
            assertThatThrownBy(() -> ExpectedVersion.parse(ifMatch)).as(ifMatch).isInstanceOf(InvalidRequest.class)
                    .hasMessageContaining("must be a project version as returned in ETag");
        }
    }
}
