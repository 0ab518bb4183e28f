package org.kronika.query.projection;

import org.bson.Document;
import org.kronika.events.chain.EventChain;
import org.kronika.query.stream.CloudEventDecoder;
import org.kronika.query.stream.ReceivedEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * A project's state replayed from its history up to a point, with the same projection that builds the live
 * read model: as of a date (what had happened by then, as known today) or as known at an instant (what had
 * been recorded by then, corrections after it not yet applied), so a figure reported in a past period can be
 * reproduced exactly.
 */
@Component
public class ProjectReplay {

    private final CloudEventDecoder decoder = new CloudEventDecoder();
    private final ReportingPeriods periods;

    public ProjectReplay(ReportingPeriods periods) {
        this.periods = periods;
    }

    /**
     * @param asOf    only events that happened on or before this date (events without such a date, like the
     *                logframe and corrections, always count)
     * @param knownAt only events recorded at or before this instant
     */
    public Document replay(String projectId, List<Document> history, LocalDate asOf, Instant knownAt) {
        Predicate<Document> happened = entry -> {
            Document data = entry.get("data", Document.class);
            String on = EventChain.occurredAt(data);
            return asOf == null || on == null || !LocalDate.parse(on).isAfter(asOf);
        };
        Predicate<Document> known = entry -> knownAt == null
                || !Instant.parse(entry.getString("time")).isAfter(knownAt);
        ProjectSummary summary = ProjectSummary.empty(projectId);
        for (Document entry : history) {
            if (happened.test(entry) && known.test(entry)) {
                Document data = entry.get("data", Document.class);
                summary.apply(new ReceivedEvent(projectId, entry.get("sequence", Number.class).longValue(),
                        entry.getString("eventId"), entry.getString("type"), entry.getDate("recordedAt").toInstant(),
                        data, decoder.read(entry.getString("type"), data), entry.get("actor", Document.class),
                        entry.getString("time"), new Document()));
            }
        }
        summary.derive(periods);
        Document state = summary.toDocument();
        state.remove("_id");
        if (asOf != null) {
            state.put("asOf", asOf.toString());
        }
        if (knownAt != null) {
            state.put("knownAt", knownAt.toString());
        }
        return state;
    }
}
