package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A memorandum of understanding was signed.
 *
 * <p>Public type {@code org.kronika.memorandum-signed.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param counterpart who signed with the project (a school, a municipality ...)
 * @param document the signed memorandum, or null
 */
public record MemorandumSigned(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String counterpart,
        DocumentReference document) implements ActivityEvent {

    public MemorandumSigned {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
