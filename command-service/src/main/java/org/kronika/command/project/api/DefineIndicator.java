package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.PeriodTarget;

import java.util.List;

/** Define an indicator of the project's logframe. */
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
        List<String> dimensions) implements VersionedCommand {
}
