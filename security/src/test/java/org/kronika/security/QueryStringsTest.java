package org.kronika.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {

    @Test
    void aValueWhosePercentIsNotFollowedByTwoHexDigitsIsNamedByItsParameter() {
        for (String query : new String[]{"status=%zz", "page=1&status=%2", "status=50%", "status=%g0"}) {
            assertThat(QueryStrings.fault(query)).as(query).hasValueSatisfying(fault -> {
                assertThat(fault.parameter()).isEqualTo("status");
                assertThat(fault.detail()).startsWith("has a value that cannot be read").contains("%25");
            });
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsTomcatWouldOtherwiseDropOrGarbleThem() {
        assertThat(QueryStrings.fault("q=%C3%28")).hasValueSatisfying(fault ->
                assertThat(fault.parameter()).isEqualTo("q"));
        assertThat(QueryStrings.fault("q%FF=1")).hasValueSatisfying(fault -> {
            assertThat(fault.parameter()).isEqualTo("q%FF");
            assertThat(fault.detail()).startsWith("is not a name that can be read");
        });
    }

    @Test
    void whatReadsWellPassesEncodedOrNot() {
        for (String query : new String[]{"q=Ferizaj", "q=Ferizaj+Prishtin%C3%AB", "q=%25", "after=2024-01-01T00%3A00%3A00Z",
                "page=1&size=20&", "flag", "q=", "q=%F0%9F%98%80"}) {
            assertThat(QueryStrings.fault(query)).as(query).isEmpty();
        }
        assertThat(QueryStrings.decoded("Prishtin%C3%AB+e")).hasValue("Prishtinë e");
    }
}
