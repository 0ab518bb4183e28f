package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;

import java.util.List;

/** Change an indicator's definition; {@code null} fields stay as they are. */
public record RedefineIndicator(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String name,
        Double target,
        List<PeriodTarget> periodTargets,
        List<MunicipalityTarget> municipalityTargets,
        List<String> dimensions,
        String reason) implements VersionedCommand {
}
