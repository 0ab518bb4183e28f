package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A lasting body was established (club, network, advisory group, oversight mechanism ...; the full list is
 * {@link Vocabulary#BODY_KINDS}).
 *
 * <p>Public type {@code org.kronika.body-established.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param kind one of {@link Vocabulary#BODY_KINDS}
 * @param name its name
 * @param members how many members it started with, 0 if none yet
 */
public record BodyEstablished(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String kind,
        String name,
        int members) implements ActivityEvent {

    public BodyEstablished {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
