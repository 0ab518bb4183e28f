package org.kronika.security;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop decides exactly as Spring's regular expressions, for every code point and for lone surrogates. */
class RequestFirewallTest {

    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsSpringsPatternsJudgeIt() {
        int refused = 0;
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = new String(Character.toChars(codePoint));
            String amid = "Bearer a" + alone + "b";
            for (String text : new String[]{alone, amid}) {
                assertThat(RequestFirewall.assignedAndNotControl(text, false)).as("name U+%04X", codePoint)
                        .isEqualTo(NAMES.matcher(text).matches());
                assertThat(RequestFirewall.assignedAndNotControl(text, true)).as("value U+%04X", codePoint)
                        .isEqualTo(VALUES.matcher(text).matches());
            }
            refused += VALUES.matcher(alone).matches() ? 0 : 1;
        }
        // Not a vacuous comparison: the rules do refuse many code points (controls, unassigned).
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void loneSurrogatesTabsAndTheEmptyStringAreJudgedAlike() {
        for (String text : new String[]{"", "\t", "a\tb", "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "\uD83D\uDE00",
                "\u0000", "\u007F", "\u0085", "\r\n", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"}) {
            assertThat(RequestFirewall.assignedAndNotControl(text, false)).as("name %s", text)
                    .isEqualTo(NAMES.matcher(text).matches());
            assertThat(RequestFirewall.assignedAndNotControl(text, true)).as("value %s", text)
                    .isEqualTo(VALUES.matcher(text).matches());
        }
    }
}
