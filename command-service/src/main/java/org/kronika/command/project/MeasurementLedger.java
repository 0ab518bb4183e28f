package org.kronika.command.project;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The measurements a project took, as its rules ask about them: one measurement at a time (was this id used, of
 * which indicator is it, was it retracted, how often corrected, for which day, with which facts) and the day of the
 * latest one standing. Kept beside the event store, not in the aggregate, as the {@link ActivityLedger} is, for the
 * same reason: measurements have no limit per project, and in the aggregate they made its snapshot grow with them
 * (about 129 bytes each: 701 KB for a project of 5,428 measurements), and with it every snapshot written inside a
 * command and every load from one.
 *
 * <p>Whatever keeps it, its answer is the project's events folded in order by {@link MeasurementChange}: it is
 * derived from them, never a second record.
 */
public interface MeasurementLedger {

    /**
     * The measurement as the project's events up to and including {@code version} left it, or empty when they never
     * recorded it.
     */
    Optional<RecordedMeasurement> find(String projectId, String measurementId, long version);

    /**
     * The day of the latest measurement the project's events up to and including {@code version} left standing (not
     * retracted), or empty when none: how far back an end date may move.
     */
    Optional<LocalDate> lastDay(String projectId, long version);
}
