package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A grant-funded project was registered in the programme, with its logframe.
 *
 * @param projectId            stable identifier chosen at registration
 * @param organisationId       stable identifier of the implementing organisation: recorders of that
 *                             organisation, and only they, record for the project
 * @param organisation         the implementing organisation's name
 * @param organisationInvented true where the source documents name no organisation and the name is invented
 * @param title                the project's title
 * @param summary              what the project is about
 * @param generalGoal          the logframe's general goal
 * @param specificObjectives   the logframe's specific objectives
 * @param targetGroups         target groups and beneficiaries, described as groups, never as persons
 * @param municipalities       where the project works (canonical names of the programme's reference list)
 * @param startDate            first day of the implementation period
 * @param endDate              last day of the implementation period
 */
public record ProjectRegistered(
        String projectId,
        String organisationId,
        String organisation,
        boolean organisationInvented,
        String title,
        String summary,
        String generalGoal,
        List<String> specificObjectives,
        List<String> targetGroups,
        List<String> municipalities,
        LocalDate startDate,
        LocalDate endDate) implements ProjectEvent {

    public ProjectRegistered {
        specificObjectives = specificObjectives == null ? List.of() : List.copyOf(specificObjectives);
        targetGroups = targetGroups == null ? List.of() : List.copyOf(targetGroups);
        municipalities = List.copyOf(municipalities);
    }
}
