package org.kronika.command.project;

import org.kronika.command.project.api.DefineIndicator;
import org.kronika.command.project.api.RedefineIndicator;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.Vocabulary;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The form of what an indicator is defined and redefined with: its name, what it counts and how, its baseline and
 * targets, by period and by place, and its breakdown; the places' targets come back as the programme spells them.
 * And the numbers its unit takes, which its measurements are held to too ({@link MeasurementFacts}).
 */
final class IndicatorRules {

    private static final String YES_NO = "yes-no";
    private static final String PERCENT = "percent";
    private static final String COUNT = "count";

    private IndicatorRules() {
    }

    /** A definition's every field at once: a client fixes all its faults in one go. */
    static List<MunicipalityTarget> requireDefinition(DefineIndicator command, ProjectTerms terms,
                                                      Programme programme, ReportingPeriods periods) {
        Rules.Faults faults = new Rules.Faults();
        faults.check(() -> Rules.requireName("name", command.name(), TextLimits.INDICATOR_NAME));
        faults.check(() -> Rules.oneOf("unit", command.unit(), Vocabulary.INDICATOR_UNITS));
        faults.check(() -> Rules.oneOf("counts", command.counts(), Vocabulary.INDICATOR_COUNTS));
        faults.check(() -> Rules.oneOf("aggregation", command.aggregation(), Vocabulary.AGGREGATIONS));
        faults.check(() -> requireNumber("baseline", command.baseline(), command.unit()));
        faults.check(() -> requireNumber("target", command.target(), command.unit()));
        faults.check(() -> terms.requirePeriodTargets(periods, command.periodTargets(), command.unit()));
        List<MunicipalityTarget> places = faults.read(() -> terms.requireMunicipalityTargets(programme,
                command.municipalityTargets(), command.unit()));
        faults.check(() -> Rules.dimensions(command.dimensions()));
        faults.refuseIfAny();
        return places;
    }

    /** A redefinition's fields, the first fault refused; {@code unit} is the indicator's, which stays as defined. */
    static List<MunicipalityTarget> requireRedefinition(RedefineIndicator command, String unit, ProjectTerms terms,
                                                        Programme programme, ReportingPeriods periods) {
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        if (command.name() != null) {
            // An indicator keeps a name: a redefinition may change it, never blank it.
            Rules.requireName("name", command.name(), TextLimits.INDICATOR_NAME);
        }
        if (command.target() != null) {
            requireNumber("target", command.target(), unit);
        }
        terms.requirePeriodTargets(periods, command.periodTargets(), unit);
        List<MunicipalityTarget> places = terms.requireMunicipalityTargets(programme, command.municipalityTargets(),
                unit);
        Rules.dimensions(command.dimensions());
        return places;
    }

    /** A number an indicator of {@code unit} takes: stated, in the logframe's range and the unit's. */
    static void requireNumber(String field, Double value, String unit) {
        Rules.required(field, value);
        Rules.finiteNonNegative(field, value);
        requireInUnit(field, value, unit);
    }

    /**
     * A count's breakdown splits what it counted: the parts of each dimension (its women and its men, say) may cover
     * fewer than the value, never more, as an activity's participants. Parts of a share, a score or a yes-no answer
     * are each their own number (the share of the women asked), and add up to anything.
     */
    static void requireBreakdownWithin(String field, Map<String, Double> breakdown, Double value, String unit) {
        if (!COUNT.equals(unit) || breakdown == null || value == null) {
            return;
        }
        // Added as the decimals sent, not as doubles: 0.1 and 0.2 are 0.3, not 0.30000000000000004.
        Map<String, BigDecimal> sums = new java.util.TreeMap<>();
        breakdown.forEach((key, part) -> sums.merge(key.substring(0, key.indexOf(':')), BigDecimal.valueOf(part),
                BigDecimal::add));
        BigDecimal whole = BigDecimal.valueOf(value);
        sums.forEach((dimension, sum) -> {
            if (sum.compareTo(whole) > 0) {
                throw new ProjectRuleViolation(field, "the " + dimension + " parts add up to " + plain(sum)
                        + ", more than the value of " + plain(whole));
            }
        });
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    /**
     * A yes-no indicator's numbers are an answer, 0 (no) or 1 (yes), and a percent indicator's a share, from 0 to 100:
     * any other is a slip that the dashboards would show as "7 (yes/no)" or an average past 100 %, and count towards
     * the project's progress. A count or a score takes any number of the logframe's range; an unknown unit, refused on
     * its own, bounds nothing here.
     */
    static void requireInUnit(String field, double value, String unit) {
        if (YES_NO.equals(unit) && value != 0 && value != 1) {
            throw new ProjectRuleViolation(field, "must be 0 (no) or 1 (yes) for a yes-no indicator");
        }
        if (PERCENT.equals(unit) && value > 100) {
            throw new ProjectRuleViolation(field, "must be between 0 and 100 (a share in percent) for a percent "
                    + "indicator");
        }
    }
}
