package org.kronika.query.dashboard;

import java.util.List;

/**
 * A table of figures as a page shows it: one row per category, one column per measure, every figure with the
 * link that traces it. The same rows feed the chart beside it, so the chart never says what the table does not.
 *
 * @param id      what the table breaks down, for the page's script and its tests ({@code sex}, {@code period}, ...)
 * @param caption the table's caption, already in the page's language
 * @param columns each measure's heading, already in the page's language, and its key ({@code participants}, ...)
 */
public record Breakdown(String id, String caption, List<Column> columns, List<Row> rows) {

    /** @param unit an indicator's unit its figures are written with ({@code percent}: "54.7%"), or null for counts */
    public record Column(String key, String heading, String unit) {

        public Column(String key, String heading) {
            this(key, heading, null);
        }
    }

    /**
     * @param key    the category as the read models name it ({@code female}, {@code 2024-Q3}, {@code Ferizaj})
     * @param label  the category as the reader reads it
     * @param href   where the category itself leads (a municipality's page), or null
     * @param values  one per column; null where a column has no figure for this row
     * @param traces  one per column: the figure's trace, or null where it has none
     * @param missing one per column: why it has no figure, in the reader's language ("Nothing measured"), for a
     *                cell that must not read as empty (no target is said by an empty cell); null for none
     */
    public record Row(String key, String label, String href, List<Number> values, List<String> traces,
                      List<String> missing) {
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The column's figures in row order, for a chart. */
    public List<Number> column(String key) {
        int index = columns.stream().map(Column::key).toList().indexOf(key);
        return rows.stream().map(r -> r.values().get(index)).toList();
    }
}
