package org.kronika.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's one table: each figure with its unit, the baseline it is judged against, and the target. */
final class Results {

    /**
     * @param ratio  figure ÷ baseline measured in the same run, or null
     * @param target what it must reach, as text
     * @param met    whether it does, or null where there is no target
     */
    record Row(String group, String what, String figure, String baseline, String ratio, String target, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String group, String what, String figure, String baseline, String ratio, String target, Boolean met) {
        rows.add(new Row(group, what, figure, baseline, ratio, target, met));
        System.out.println(line(rows.get(rows.size() - 1)));
    }

    void note(String note) {
        notes.add(note);
        System.out.println("note: " + note);
    }

    static String f(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return (value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value))
                + (unit.isEmpty() ? "" : " " + unit);
    }

    static String ratio(double figure, double baseline) {
        return Double.isNaN(figure) || Double.isNaN(baseline) || baseline == 0 ? null
                : String.format(Locale.ROOT, "%.2f", figure / baseline);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| group | measurement | figure | baseline (same run) | ratio | target | met |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.group()).append(" | ").append(row.what()).append(" | ").append(row.figure())
                    .append(" | ").append(row.baseline() == null ? "" : row.baseline()).append(" | ")
                    .append(row.ratio() == null ? "" : row.ratio()).append(" | ")
                    .append(row.target() == null ? "" : row.target()).append(" | ")
                    .append(row.met() == null ? "" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    private static String line(Row row) {
        return String.format(Locale.ROOT, "%-12s %-62s %18s %22s %6s %18s %s", row.group(), row.what(), row.figure(),
                row.baseline() == null ? "" : row.baseline(), row.ratio() == null ? "" : row.ratio(),
                row.target() == null ? "" : row.target(), row.met() == null ? "" : row.met() ? "met" : "NOT MET");
    }
}
