package org.kronika.events;

import java.util.List;

/**
 * The event before this one changed figures of approved, locked periods: a late activity or measurement, or a
 * correction or retraction of one, dated (before or after the correction) in or before each period, whose cumulative
 * figures by its end count every month ended by then; a redefinition, or a new indicator, changes every approved
 * period. Recorded in the same command as the change, so that no change after approval goes unflagged. Histories
 * recorded before a change dated before a period was flagged in it hold such changes flagged only in the period
 * they fall in, if any.
 *
 * @param periodIds      the approved periods whose figures changed, in id order
 * @param changeSequence the sequence of the changing event, the one just before this
 * @param changeType     that event's type name, e.g. {@code training-delivered}, {@code activity-corrected}
 * @param itemId         the activity, measurement or indicator changed
 * @param reason         why a locked period was changed
 */
public record ApprovedPeriodChanged(String projectId, List<String> periodIds, long changeSequence, String changeType,
                                    String itemId, String reason) implements ProjectEvent {
}
