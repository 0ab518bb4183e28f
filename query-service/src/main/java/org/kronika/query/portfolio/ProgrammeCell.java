package org.kronika.query.portfolio;

import org.kronika.query.tally.Tally;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One cell of the programme's figures, broken down by project: what each project did in one place (or everywhere)
 * in one month (or in all). A figure of the programme is traced to its projects by reading the cells of its
 * months, a few documents, instead of every project's summary. It is stored in {@link Slices}, each holding the
 * lines of the projects of one slice: a slice's size grows with the number of its projects active in the cell, never
 * with their history.
 *
 * @param id       a slice's id ({@link Slices#of}) of the cell's {@link #id}
 * @param revision how many times it was written: every write names the one it read, so two instances changing
 *                 different projects' lines at once cannot lose either
 * @param projects each project's tally in the cell, by project id; a project with nothing there has no line
 */
public record ProgrammeCell(String id, long revision, SortedMap<String, Tally> projects) {

    /** The place of every figure of the programme, whatever its municipality. */
    public static final String EVERYWHERE = "*";
    /** The month of a figure over all time. */
    public static final String ALL_TIME = "*";

    public ProgrammeCell {
        projects = Collections.unmodifiableSortedMap(new TreeMap<>(projects));
    }

    /**
     * @param place a municipality, {@code (none)} for national level, or {@link #EVERYWHERE}
     * @param month a month bucket such as {@code 2024-07}, or {@link #ALL_TIME}
     */
    public static String id(String place, String month) {
        return place + "|" + month;
    }

    /** The cells that make up a figure: of its period's months, or of all time if it has none. */
    public static java.util.List<String> ids(String place, org.kronika.query.programme.Programme.Period period) {
        if (period == null) {
            return java.util.List.of(id(place, ALL_TIME));
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (var month = java.time.YearMonth.from(period.start());
             !month.isAfter(java.time.YearMonth.from(period.end())); month = month.plusMonths(1)) {
            ids.add(id(place, month.toString()));
        }
        return ids;
    }

    static ProgrammeCell empty(String id) {
        return new ProgrammeCell(id, 0, Collections.emptySortedMap());
    }

    /** With these projects' lines set to their tallies, or removed where the tally is {@code null} or empty. */
    ProgrammeCell with(java.util.Map<String, Tally> lines) {
        TreeMap<String, Tally> changed = new TreeMap<>(projects);
        lines.forEach((projectId, tally) -> {
            if (tally == null || tally.isEmpty()) {
                changed.remove(projectId);
            } else {
                changed.put(projectId, tally);
            }
        });
        return new ProgrammeCell(id, revision, changed);
    }
}
