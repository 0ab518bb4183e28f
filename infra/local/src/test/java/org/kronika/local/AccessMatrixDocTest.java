package org.kronika.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access matrix of docs/security.md says what {@code access-matrix.csv}, which the end-to-end test calls, says:
 * the same endpoints, each with the same answer for every caller. A reviewer reads the doc, not the CSV.
 */
class AccessMatrixDocTest {

    private static final Path DOC = Path.of("../../docs/security.md");
    /** {@code | `METHOD /api/path` (cmd|query[; note]) | cell | ... |}: the matrix's API rows. */
    private static final Pattern API_ROW = Pattern.compile(
            "^\\| `(GET|POST) (/api/[^`]*)` \\((cmd|query)[^)]*\\) \\|(.*)\\|$");

    record DocRow(String service, String method, Pattern path, List<String> cells) {
    }

    @Test
    void everyApiRowOfTheDocsMatrixIsARowOfTheCsvWithTheSameAnswers() throws Exception {
        List<DocRow> doc = docRows();
        Map<String, AccessMatrix.Rule> csv = AccessMatrix.rules();
        assertThat(doc).as("the matrix's rows in %s", DOC).hasSizeGreaterThan(40);

        for (AccessMatrix.Rule rule : csv.values()) {
            List<DocRow> rows = doc.stream().filter(row -> row.service().equals(rule.service())
                    && row.method().equals(rule.method()) && row.path().matcher(rule.path()).matches()).toList();
            assertThat(rows).as("rows of the doc for %s %s %s", rule.service(), rule.method(), rule.path()).hasSize(1);
            assertThat(rows.get(0).cells()).as("%s %s %s", rule.service(), rule.method(), rule.path())
                    .containsExactlyElementsOf(rule.expected().values());
        }
        assertThat(doc).as("rows of the doc that the CSV does not have")
                .allMatch(row -> csv.values().stream().anyMatch(rule -> row.service().equals(rule.service())
                        && row.method().equals(rule.method()) && row.path().matcher(rule.path()).matches()));
    }

    /** The doc's cells as the CSV writes them: "2xx" (with or without a note) is {@code allow}, "403 *" is 403. */
    private static List<DocRow> docRows() throws Exception {
        List<DocRow> rows = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = API_ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : row.group(4).split("\\|")) {
                String status = cell.trim().split(" ")[0];
                cells.add(status.equals("2xx") ? "allow" : status);
            }
            // A path variable of the doc ({id}, {type}) stands for the CSV's variable or for a value, as an activity type.
            String path = Pattern.quote(row.group(2)).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            rows.add(new DocRow(row.group(3).equals("cmd") ? "command" : "query", row.group(1), Pattern.compile(path),
                    cells));
        }
        return rows;
    }
}
