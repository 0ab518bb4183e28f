package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.DocumentReference;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * Correct a recorded measurement by stating it anew in full (its day, value, place, breakdown and source), and why.
 *
 * @param named which of the optional facts ({@link #OPTIONAL}) the correction names, with a value or as null to clear
 *              it: one it leaves out that the measurement states would be blanked without a word (a client sending
 *              only what changes), so it is refused
 */
public record CorrectMeasurement(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String measurementId,
        LocalDate measuredOn,
        Double value,
        String municipality,
        Map<String, Double> breakdown,
        DocumentReference source,
        String reason,
        Set<String> named) implements VersionedCommand {

    public static final String MUNICIPALITY = "municipality";
    public static final String BREAKDOWN = "breakdown";
    public static final String SOURCE = "source";
    public static final Set<String> OPTIONAL = Set.of(MUNICIPALITY, BREAKDOWN, SOURCE);

    public CorrectMeasurement {
        named = Set.copyOf(named);
    }

    /** A correction naming every fact, those it gives as null cleared. */
    public CorrectMeasurement(String projectId, Long expectedVersion, String indicatorId, String measurementId,
                              LocalDate measuredOn, Double value, String municipality, Map<String, Double> breakdown,
                              DocumentReference source, String reason) {
        this(projectId, expectedVersion, indicatorId, measurementId, measuredOn, value, municipality, breakdown,
                source, reason, OPTIONAL);
    }
}
