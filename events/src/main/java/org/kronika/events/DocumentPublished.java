package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A document was completed or published (needs assessment, research, monitoring report, policy brief ...;
 * the full list is {@link Vocabulary#DOCUMENT_KINDS}).
 *
 * <p>Public type {@code org.kronika.document-published.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param kind one of {@link Vocabulary#DOCUMENT_KINDS}, e.g. monitoring-report
 * @param document the document itself, with its content hash
 */
public record DocumentPublished(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String kind,
        DocumentReference document) implements ActivityEvent {

    public DocumentPublished {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
