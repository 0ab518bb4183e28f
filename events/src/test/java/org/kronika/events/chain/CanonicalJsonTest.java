package org.kronika.events.chain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kronika.events.chain.CanonicalJson.array;
import static org.kronika.events.chain.CanonicalJson.object;

/**
 * RFC 8785 as a verifier in another language computes it: numbers exactly as ECMAScript prints them, text only
 * where it is well-formed Unicode.
 */
class CanonicalJsonTest {

    private static final Path HASH_CHAIN_DOC = Path.of("../docs/audit/hash-chain.md");
    private static final Pattern DOC_VECTOR = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\|$");

    @Test
    void numbersAreWrittenAsEcmaScriptWritesThem_theVectorsOfTheDocumentation() throws IOException {
        Map<String, String> vectors = new LinkedHashMap<>();
        for (String line : Files.readAllLines(HASH_CHAIN_DOC, StandardCharsets.UTF_8)) {
            Matcher row = DOC_VECTOR.matcher(line);
            if (row.matches()) {
                vectors.put(row.group(1), row.group(2));
            }
        }
        assertThat(vectors).as("number vectors in " + HASH_CHAIN_DOC).hasSizeGreaterThan(20)
                .containsEntry("1e21", "1e+21").containsEntry("38063050347914304", "38063050347914300");
        vectors.forEach((literal, expected) ->
                assertThat(CanonicalJson.write(Double.parseDouble(literal))).as(literal).isEqualTo(expected));
    }

    /** Doubles of every magnitude, printed by Node.js (see canonical-numbers/generate.js). */
    @Test
    void numbersAreWrittenAsEcmaScriptWritesThem_acrossTheWholeDoubleRange() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (InputStream in = getClass().getResourceAsStream("/canonical-numbers/ecmascript-numbers.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] vector = line.split(" ");
                double value = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(vector[0]));
                check(value, vector[1], mismatches);
                check(-value, "-" + vector[1], mismatches);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(4000);
        assertThat(mismatches).isEmpty();
    }

    private static void check(double value, String expected, List<String> mismatches) {
        String written;
        try {
            written = CanonicalJson.write(value);
        } catch (RuntimeException e) {
            written = e.toString();
        }
        if (!written.equals(expected)) {
            mismatches.add(Double.toString(value) + ": expected " + expected + " but was " + written);
        }
    }

    @Test
    void integersAreNumbersToo_beyondTwoToThe53TheyAreWrittenAsTheDoubleTheyBecome() {
        assertThat(CanonicalJson.write(array(400, 400L, (short) 7, 9007199254740992L, 38063050347914304L,
                new BigInteger("100000000000000000000000"), new BigDecimal("0.10"), -0.0)))
                .isEqualTo("[400,400,7,9007199254740992,38063050347914300,1e+23,0.1,0]");
    }

    @Test
    void nonFiniteNumbersHaveNoJsonForm() {
        for (Object number : List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                new BigDecimal("1e400"))) {
            assertThatThrownBy(() -> CanonicalJson.write(number)).as(number.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** RFC 8785 section 3.2.2.2: a string with a lone surrogate has no UTF-8 form, so it has no canonical form. */
    @Test
    void textWithAnUnpairedSurrogateIsRefusedAsValueAndAsName() {
        for (String text : List.of("\ud800", "a\udbffb", "\udc00", "x\udc00\ud800", "\ud83d")) {
            assertThatThrownBy(() -> CanonicalJson.write(object("title", text)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
            assertThatThrownBy(() -> CanonicalJson.write(object(text, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
            assertThatThrownBy(() -> CanonicalJson.write(array(array(text))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
        }
        assertThat(CanonicalJson.write(object("\ud83d\ude00", "Fushë \ud83d\ude00")))
                .as("a surrogate pair is one character, written as itself")
                .isEqualTo("{\"\ud83d\ude00\":\"Fushë \ud83d\ude00\"}");
    }
}
