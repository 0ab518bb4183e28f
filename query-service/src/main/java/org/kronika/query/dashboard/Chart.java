package org.kronika.query.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * What the page's script draws: categories along the axis and a few series over them. Built from a
 * {@link Breakdown}, so every chart has its data table beside it.
 *
 * @param kind {@code bars} for categories, {@code lines} for progress over periods (bars for what happened in each,
 *             a line for the cumulative figure, points for the targets)
 */
public record Chart(String id, String kind, String title, List<String> labels, List<Series> series) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param style {@code bar}, {@code line} or {@code point}
     */
    public record Series(String name, String style, List<Number> values) {
    }

    public static Chart bars(Breakdown table, List<String> columns) {
        return of(table, "bars", columns, columns.stream().map(c -> "bar").toList());
    }

    public static Chart of(Breakdown table, String kind, List<String> columns, List<String> styles) {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String key = columns.get(i);
            String name = table.columns().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow().heading();
            series.add(new Series(name, styles.get(i), table.column(key)));
        }
        return new Chart(table.id(), kind, table.caption(), table.rows().stream().map(Breakdown.Row::label).toList(),
                series);
    }

    /** For the page's {@code data-chart} attribute. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
