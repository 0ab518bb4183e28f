package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A grant-funded project was registered in the programme.
 *
 * @param projectId      stable identifier chosen at registration
 * @param organisation   the implementing organisation
 * @param title          the project's title
 * @param municipalities where the project works
 * @param startDate      first day of the implementation period
 * @param endDate        last day of the implementation period
 */
public record ProjectRegistered(
        String projectId,
        String organisation,
        String title,
        List<String> municipalities,
        LocalDate startDate,
        LocalDate endDate) implements ProjectEvent {

    public ProjectRegistered {
        municipalities = List.copyOf(municipalities);
    }
}
