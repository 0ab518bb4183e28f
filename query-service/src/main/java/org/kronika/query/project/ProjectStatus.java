package org.kronika.query.project;

import java.time.LocalDate;
import java.util.List;

/**
 * A project's status, derived wherever one is shown or filtered on: {@value #CLOSED} from its closure until a
 * reopening, whatever the day; otherwise its period against a day: {@value #PLANNED} before its start,
 * {@value #ACTIVE} during it, {@value #ENDED} after it.
 */
public final class ProjectStatus {

    public static final String PLANNED = "planned";
    public static final String ACTIVE = "active";
    public static final String ENDED = "ended";
    public static final String CLOSED = "closed";
    /** Every status, as the project list's filter accepts them. */
    public static final List<String> ALL = List.of(PLANNED, ACTIVE, ENDED, CLOSED);

    private ProjectStatus() {
    }

    public static String of(boolean closed, LocalDate startDate, LocalDate endDate, LocalDate day) {
        if (closed) {
            return CLOSED;
        }
        if (day.isBefore(startDate)) {
            return PLANNED;
        }
        return day.isAfter(endDate) ? ENDED : ACTIVE;
    }
}
