package org.kronika.events;

import java.util.List;

/**
 * An indicator's definition changed. Only the fields that changed are set. Nothing already reported is
 * deleted: a changed breakdown only changes what is shown, the counts behind it stay.
 *
 * @param reason              why the definition changed
 * @param municipalityTargets the targets per municipality, all of them as they now stand (an empty list: none
 *                            left); added to version 1 after it was published, so absent from earlier events, where
 *                            it means unchanged, as null does
 */
public record IndicatorRedefined(
        String projectId,
        String indicatorId,
        String name,
        Double target,
        List<PeriodTarget> periodTargets,
        List<String> dimensions,
        String reason,
        List<MunicipalityTarget> municipalityTargets) implements ProjectEvent {

    /** A redefinition that leaves the targets per municipality as they are. */
    public IndicatorRedefined(String projectId, String indicatorId, String name, Double target,
                              List<PeriodTarget> periodTargets, List<String> dimensions, String reason) {
        this(projectId, indicatorId, name, target, periodTargets, dimensions, reason, null);
    }
}
