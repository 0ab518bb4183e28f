package org.kronika.query.report;

import org.kronika.query.stream.ReceivedEvent;

import java.time.Instant;

/**
 * One step of a report's discussion (submitted, returned, approved, reopened) or one change flagged after its
 * approval, numbered within the report so that a report's steps are read by computed ids.
 *
 * @param sequence       the event's place in the project's history, which links it to its history entry
 * @param by             who, as the event's CloudEvent headers name them
 * @param text           the comment, or the reason of a reopening or a change
 * @param changeSequence for a change: the changing event's sequence
 * @param changeType     for a change: that event's type, e.g. {@code activity-corrected}
 * @param itemId         for a change: the activity or measurement changed
 */
public record ReportEntry(String projectId, String periodId, long ordinal, long sequence, String kind, Instant at,
                          ReceivedEvent.Actor by, String text, Long changeSequence, String changeType,
                          String itemId) {

    public static final String CHANGED = "changed";

    public boolean isChange() {
        return CHANGED.equals(kind);
    }
}
