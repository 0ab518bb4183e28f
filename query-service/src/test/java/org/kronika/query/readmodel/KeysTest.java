package org.kronika.query.readmodel;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class KeysTest {

    @Test
    void aNumberedIdIsTheProjectAndTheNumberInNineteenDigitsSoIdsSortAsTheirNumbersDo() {
        long[] numbers = {0, 1, 9, 10, 42, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, -1,
                -42, Long.MIN_VALUE};
        for (long number : numbers) {
            assertThat(Keys.numbered("p-1", number)).as("%d", number)
                    .isEqualTo("p-1/" + String.format(Locale.ROOT, "%019d", number));
        }
        assertThat(Keys.numbered("p-1", 9).compareTo(Keys.numbered("p-1", 10))).isNegative();
        assertThat(Keys.numbered("p-1", 3, 6)).containsExactly("p-1/0000000000000000003", "p-1/0000000000000000004",
                "p-1/0000000000000000005");
    }
}
