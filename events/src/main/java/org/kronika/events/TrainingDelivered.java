package org.kronika.events;

import java.time.LocalDate;

/**
 * A training session was delivered. Counts only: no personal data about participants ever enters an event.
 *
 * @param projectId    the project that delivered it
 * @param activityId   identifier of this recorded activity, unique within the project
 * @param title        what the training was about
 * @param deliveredOn  the day it took place
 * @param municipality where it took place
 * @param participants how many took part, broken down by sex
 */
public record TrainingDelivered(
        String projectId,
        String activityId,
        String title,
        LocalDate deliveredOn,
        String municipality,
        Participants participants) implements ProjectEvent {
}
