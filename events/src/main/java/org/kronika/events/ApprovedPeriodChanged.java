package org.kronika.events;

import java.util.List;

/**
 * The event before this one changed figures of an approved, locked period: a late activity or measurement dated in
 * it, or a correction or retraction of an activity dated in it (before or after the correction). Recorded in the
 * same command as the change, so that no change after approval goes unflagged.
 *
 * @param periodIds      the approved periods whose figures changed
 * @param changeSequence the sequence of the changing event, the one just before this
 * @param changeType     that event's type name, e.g. {@code training-delivered}, {@code activity-corrected}
 * @param itemId         the activity or measurement changed
 * @param reason         why a locked period was changed
 */
public record ApprovedPeriodChanged(String projectId, List<String> periodIds, long changeSequence, String changeType,
                                    String itemId, String reason) implements ProjectEvent {
}
