package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * Registration details were amended. Only the fields that changed are set; the others are {@code null}.
 * The earlier values stay in the history.
 *
 * @param reason why the amendment was made
 */
public record ProjectDetailsAmended(
        String projectId,
        String title,
        String summary,
        String generalGoal,
        List<String> specificObjectives,
        List<String> targetGroups,
        List<String> municipalities,
        LocalDate endDate,
        String reason) implements ProjectEvent {
}
