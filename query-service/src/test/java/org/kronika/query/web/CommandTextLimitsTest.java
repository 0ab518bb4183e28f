package org.kronika.query.web;

import org.junit.jupiter.api.Test;
import org.kronika.query.programme.Programme;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command service's text limits as this service repeats them are the ones docs/vocabulary.md's table gives, which
 * the command service's {@code TextLimitsTest} holds its own to: a number changed on one side alone fails there or here.
 */
class CommandTextLimitsTest {

    private static final Path VOCABULARY = Path.of("../docs/vocabulary.md");
    private static final String HEADER = "| Text | Fields | At most (characters) | `TextLimits` |";

    @Test
    void everyLimitRepeatedFromTheCommandServiceIsTheOneTheVocabularysTableGives() throws Exception {
        Map<String, Integer> repeated = new TreeMap<>();
        for (Field limit : CommandTextLimits.class.getFields()) {
            if (limit.getType() == int.class && Modifier.isStatic(limit.getModifiers())) {
                repeated.put(limit.getName(), limit.getInt(null));
            }
        }
        Map<String, Integer> documented = new TreeMap<>();
        Files.readAllLines(VOCABULARY).stream().dropWhile(line -> !line.equals(HEADER)).skip(2)
                .takeWhile(line -> line.startsWith("|")).forEach(row -> {
                    String[] cells = row.split("\\|");
                    documented.put(cells[4].strip().replace("`", ""), Integer.valueOf(cells[3].strip()));
                });

        assertThat(repeated).isNotEmpty();
        assertThat(documented).as("the table of text limits in %s", VOCABULARY).containsAllEntriesOf(repeated);
    }

    /** A too-long filter is refused as a too-long command field is, naming the parameter; a hidden character apart. */
    @Test
    void aTooLongParameterIsRefusedInTheCommandServicesWords() {
        assertThatThrownBy(() -> Parameters.text("q", "x".repeat(201), 200)).isInstanceOf(InvalidParameter.class)
                .hasMessage("must be at most 200 characters").hasFieldOrPropertyWithValue("parameter", "q");
        assertThatThrownBy(() -> Parameters.text("q", "Gjilan\u0000", 200))
                .hasMessage("must not hold control characters");
        assertThatThrownBy(() -> Parameters.municipality("municipality", "x".repeat(101), Programme.ofContract(),
                "must be a municipality of the programme")).hasMessage("must be at most 100 characters")
                .hasFieldOrPropertyWithValue("parameter", "municipality");
        assertThat(Parameters.text("q", "x".repeat(200), 200)).hasSize(200);
    }
}
