package org.kronika.query.dashboard;

/**
 * Where a page of a list read by cursor stands, "Reports 51–100 of 230": the list of reports, each page read after
 * one report or before one. The places are not read from the store, which would count every report before the page
 * in a long list; they are carried in the page's links ({@code at}: the place of the report its cursor names) and
 * known for sure on the first page and, with the list's total, on the last. A place carried past reports that moved
 * to another list meanwhile may be a few off until the reader reaches either end; one that cannot be right (before
 * the first, past the total) is not shown.
 *
 * @param from  the place of the first report shown, from 1; {@code null} when not known
 * @param to    the place of the last
 * @param total how many the list holds, {@code null} when it is never counted (overdue reports)
 */
public record ListPosition(Long from, Long to, Long total) {

    /**
     * @param shown  how many reports the page shows
     * @param first  whether nothing comes before the page
     * @param last   whether nothing comes after it
     * @param after  whether the page was read after a report ({@code at} is then that report's place)
     * @param before whether it was read before one ({@code at} is then that report's place)
     * @param at     the place its link carried, {@code null} when none
     */
    public static ListPosition of(int shown, boolean first, boolean last, boolean after, boolean before, Long at,
                                  Long total) {
        if (shown == 0) {
            return new ListPosition(null, null, total);
        }
        Long from = null;
        if (first) {
            from = 1L;
        } else if (last && total != null) {
            from = total - shown + 1;
        } else if (at != null && after) {
            from = at + 1;
        } else if (at != null && before) {
            from = at - shown;
        }
        if (from == null || from < 1 || total != null && from + shown - 1 > total) {
            return new ListPosition(null, null, total);
        }
        return new ListPosition(from, from + shown - 1, total);
    }

    public boolean known() {
        return from != null;
    }
}
