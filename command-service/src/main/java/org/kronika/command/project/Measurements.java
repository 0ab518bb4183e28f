package org.kronika.command.project;

import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The rules about a project's measurements, asked of its {@link MeasurementLedger} as of the version the command is
 * decided on: what was measured, corrected, retracted.
 */
final class Measurements {

    private final MeasurementLedger ledger;
    private final String projectId;
    private final long version;

    private Measurements(MeasurementLedger ledger, String projectId, long version) {
        this.ledger = ledger;
        this.projectId = projectId;
        this.version = version;
    }

    /** Inside a command handler: the ledger as of the project's version before the command's events. */
    static Measurements of(MeasurementLedger ledger, String projectId) {
        return new Measurements(ledger, projectId, AggregateLifecycle.getVersion());
    }

    /**
     * A new measurement's id is not used yet; if it is, the refusal says whether the measurement there is the one
     * stated, whose facts' fingerprint ({@link MeasurementChange#facts}) {@code stated} gives, or refuses as the
     * request would be.
     */
    void requireNew(String indicatorId, String measurementId, Supplier<String> stated) {
        Rules.requireId("measurementId", measurementId);
        Optional<RecordedMeasurement> recorded = ledger.find(projectId, measurementId, version);
        if (recorded.isEmpty()) {
            return;
        }
        RecordedMeasurement was = recorded.get();
        if (was.retracted()) {
            throw AlreadyRecorded.withOtherFacts("measurementId", measurementId, projectId, "(of indicator "
                    + was.indicatorId() + ", retracted since): a retracted measurement stays retracted; record this "
                    + "one under another id");
        }
        String how = "(of indicator " + was.indicatorId() + ", as last recorded or corrected): to change its facts, "
                + "send a correction to /api/projects/" + projectId + "/indicators/" + was.indicatorId()
                + "/measurements/" + measurementId + "/corrections";
        String facts;
        try {
            facts = stated.get();
        } catch (ProjectRuleViolation | MalformedFacts e) {
            // Facts the project refuses are no facts it recorded.
            throw AlreadyRecorded.withOtherFacts("measurementId", measurementId, projectId, how);
        }
        if (was.indicatorId().equals(indicatorId) && was.facts().equals(facts)) {
            throw AlreadyRecorded.withTheseFacts("measurementId", measurementId, projectId);
        }
        throw AlreadyRecorded.withOtherFacts("measurementId", measurementId, projectId, how);
    }

    /**
     * A measurement recorded for the indicator the path names and not retracted: only such a measurement can change.
     * One of another indicator is not found there, as an indicator the project does not have.
     */
    RecordedMeasurement requireActive(String indicatorId, String measurementId) {
        RecordedMeasurement measurement = Rules.isId(measurementId)
                ? ledger.find(projectId, measurementId, version).orElse(null) : null;
        if (measurement == null || !measurement.indicatorId().equals(indicatorId)) {
            throw new UnknownMeasurement(projectId, indicatorId, measurementId);
        }
        if (measurement.retracted()) {
            throw new ProjectRuleViolation("measurementId", "measurement " + measurementId + " is already retracted: "
                    + "it cannot be corrected or retracted again");
        }
        return measurement;
    }

    static void requireRoomForCorrection(String measurementId, RecordedMeasurement measurement) {
        Rules.roomForOneMore("measurementId", measurement.corrections(), Limits.CORRECTIONS_PER_MEASUREMENT,
                "corrections of measurement " + measurementId);
    }

    /** The day of the latest measurement standing (not retracted), or empty when none. */
    Optional<LocalDate> lastDay() {
        return ledger.lastDay(projectId, version);
    }
}
