package org.kronika.command.project;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/vocabulary.md's table of limits is what partners size their imports and batches by: a number changed in the
 * code alone would refuse lists the document promises to take, one changed in the document alone would promise what
 * the service refuses.
 */
class LimitsTest {

    private static final Path VOCABULARY = Path.of("../docs/vocabulary.md");
    private static final String HEADER = "| What | Maximum | Field named when refused | `Limits` |";
    /** The first number of a row's maximum, as a person reads it: "50, and no more than ..." is 50. */
    private static final Pattern FIRST_NUMBER = Pattern.compile("\\d[\\d,]*");

    @Test
    void everyLimitIsTheOneTheVocabularysTableGivesAndTheTableGivesNoOther() throws Exception {
        assertThat(documented()).as("the table of limits in %s", VOCABULARY).isEqualTo(constants(Limits.class));
    }

    /** The numbers a class of limits keeps ({@link Limits}, {@link TextLimits}), by name. */
    static Map<String, Integer> constants(Class<?> limits) throws IllegalAccessException {
        Map<String, Integer> kept = new TreeMap<>();
        for (Field limit : limits.getFields()) {
            if (limit.getType() == int.class && Modifier.isStatic(limit.getModifiers())) {
                kept.put(limit.getName(), limit.getInt(null));
            }
        }
        return kept;
    }

    /**
     * The rows that name a {@code Limits} constant, as name to number; a constant two rows name (a project's
     * municipalities and an indicator's targets per municipality) must be given the same number in both.
     */
    private static Map<String, Integer> documented() throws Exception {
        Map<String, Integer> rows = new TreeMap<>();
        Files.readAllLines(VOCABULARY).stream().dropWhile(line -> !line.equals(HEADER)).skip(2)
                .takeWhile(line -> line.startsWith("|")).forEach(row -> {
                    String[] cells = row.split("\\|");
                    String name = cells[4].strip().replace("`", "");
                    if (name.equals("—")) {
                        return;
                    }
                    Matcher number = FIRST_NUMBER.matcher(cells[2]);
                    assertThat(number.find()).as("a number in the row of %s", name).isTrue();
                    int maximum = Integer.parseInt(number.group().replace(",", ""));
                    Integer other = rows.put(name, maximum);
                    assertThat(other).as("%s given twice", name).isIn(null, maximum);
                });
        assertThat(rows).as("rows under %s", HEADER).isNotEmpty();
        return rows;
    }
}
