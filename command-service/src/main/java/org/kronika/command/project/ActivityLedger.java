package org.kronika.command.project;

import java.util.Optional;

/**
 * The activities a project recorded, as its rules ask about them: one activity at a time (was this id used, of
 * which type is it, was it retracted, how often corrected, on which day did it happen). Kept beside the event
 * store, not in the aggregate: a project's activities grow with its history, and in the aggregate they made its
 * snapshot, and so every load from it, grow too (10,003 ids with their types and days: 19 ms of a 10,003-event
 * project's load from its snapshot). Asked about one activity, the ledger costs the same at any size.
 *
 * <p>Whatever keeps it, its answer is the project's events folded in order by {@link ActivityChange}: it is
 * derived from them, never a second record.
 */
public interface ActivityLedger {

    /**
     * The activity as the project's events up to and including {@code version} left it, or empty when they never
     * recorded it.
     */
    Optional<RecordedActivity> find(String projectId, String activityId, long version);

    /**
     * The day of the latest activity the project's events up to and including {@code version} left standing (not
     * retracted), or empty when none: how far back an end date may move.
     */
    Optional<java.time.LocalDate> lastDay(String projectId, long version);
}
