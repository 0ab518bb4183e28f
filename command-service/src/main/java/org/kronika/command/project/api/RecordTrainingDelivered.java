package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.Participants;

import java.time.LocalDate;

/** Record that a training session took place. */
public record RecordTrainingDelivered(
        @TargetAggregateIdentifier String projectId,
        String activityId,
        String title,
        LocalDate deliveredOn,
        String municipality,
        Participants participants) {
}
