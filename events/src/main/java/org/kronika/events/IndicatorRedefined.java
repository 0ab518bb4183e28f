package org.kronika.events;

import java.util.List;

/**
 * An indicator's definition changed. Only the fields that changed are set. Nothing already reported is
 * deleted: a changed breakdown only changes what is shown, the counts behind it stay.
 *
 * @param reason why the definition changed
 */
public record IndicatorRedefined(
        String projectId,
        String indicatorId,
        String name,
        Double target,
        List<PeriodTarget> periodTargets,
        List<String> dimensions,
        String reason) implements ProjectEvent {
}
