package org.kronika.command.project;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/vocabulary.md's table of text limits is what partners build their forms and imports from: a number changed in
 * the code alone would refuse texts the document promises to take, one changed in the document alone would promise
 * what the service refuses.
 */
class TextLimitsTest {

    private static final Path VOCABULARY = Path.of("../docs/vocabulary.md");
    private static final String HEADER = "| Text | Fields | At most (characters) | `TextLimits` |";

    @Test
    void everyTextLimitIsTheOneTheVocabularysTableGivesAndTheTableGivesNoOther() throws Exception {
        assertThat(documented()).as("the table of text limits in %s", VOCABULARY)
                .isEqualTo(LimitsTest.constants(TextLimits.class));
    }

    /** The table's rows as name to number, read as a person reads them: the last column names, the one before counts. */
    private static Map<String, Integer> documented() throws Exception {
        Map<String, Integer> rows = new TreeMap<>();
        Files.readAllLines(VOCABULARY).stream().dropWhile(line -> !line.equals(HEADER)).skip(2)
                .takeWhile(line -> line.startsWith("|")).forEach(row -> {
                    String[] cells = row.split("\\|");
                    rows.put(cells[4].strip().replace("`", ""), Integer.valueOf(cells[3].strip()));
                });
        assertThat(rows).as("rows under %s", HEADER).isNotEmpty();
        return rows;
    }
}
