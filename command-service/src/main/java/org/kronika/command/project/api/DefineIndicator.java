package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;

import java.util.List;

/**
 * Define an indicator of the project's logframe.
 *
 * @param changeReason why, when the project has approved periods: the indicator's figures join each of them
 */
public record DefineIndicator(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String name,
        String unit,
        String counts,
        String aggregation,
        Double baseline,
        Double target,
        List<PeriodTarget> periodTargets,
        List<MunicipalityTarget> municipalityTargets,
        List<String> dimensions,
        String changeReason) implements VersionedCommand {
}
