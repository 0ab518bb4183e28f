package org.kronika.command.project;

import org.kronika.command.project.api.DefineIndicator;
import org.kronika.command.project.api.RedefineIndicator;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.Vocabulary;

import java.util.List;

/**
 * The form of what an indicator is defined and redefined with: its name, what it counts and how, its baseline and
 * targets, by period and by place, and its breakdown; the places' targets come back as the programme spells them.
 */
final class IndicatorRules {

    private IndicatorRules() {
    }

    /** A definition's every field at once: a client fixes all its faults in one go. */
    static List<MunicipalityTarget> requireDefinition(DefineIndicator command, ProjectTerms terms,
                                                      Programme programme, ReportingPeriods periods) {
        Rules.Faults faults = new Rules.Faults();
        faults.check(() -> Rules.requireText("name", command.name(), TextLimits.INDICATOR_NAME));
        faults.check(() -> Rules.oneOf("unit", command.unit(), Vocabulary.INDICATOR_UNITS));
        faults.check(() -> Rules.oneOf("counts", command.counts(), Vocabulary.INDICATOR_COUNTS));
        faults.check(() -> Rules.oneOf("aggregation", command.aggregation(), Vocabulary.AGGREGATIONS));
        faults.check(() -> {
            Rules.required("baseline", command.baseline());
            Rules.finiteNonNegative("baseline", command.baseline());
        });
        faults.check(() -> {
            Rules.required("target", command.target());
            Rules.finiteNonNegative("target", command.target());
        });
        faults.check(() -> terms.requirePeriodTargets(periods, command.periodTargets()));
        List<MunicipalityTarget> places = faults.read(() -> terms.requireMunicipalityTargets(programme,
                command.municipalityTargets()));
        faults.check(() -> Rules.dimensions(command.dimensions()));
        faults.refuseIfAny();
        return places;
    }

    /** A redefinition's fields, the first fault refused. */
    static List<MunicipalityTarget> requireRedefinition(RedefineIndicator command, ProjectTerms terms,
                                                        Programme programme, ReportingPeriods periods) {
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        if (command.name() != null) {
            // An indicator keeps a name: a redefinition may change it, never blank it.
            Rules.requireText("name", command.name(), TextLimits.INDICATOR_NAME);
        }
        if (command.target() != null) {
            Rules.finiteNonNegative("target", command.target());
        }
        terms.requirePeriodTargets(periods, command.periodTargets());
        List<MunicipalityTarget> places = terms.requireMunicipalityTargets(programme, command.municipalityTargets());
        Rules.dimensions(command.dimensions());
        return places;
    }
}
