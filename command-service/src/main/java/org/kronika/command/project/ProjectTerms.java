package org.kronika.command.project;

import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.Vocabulary;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Whose a project is, when and where it works: what every fact it records is checked against. */
final class ProjectTerms {

    private String organisationId;
    private LocalDate startDate;
    private LocalDate endDate;
    private Set<String> municipalities;
    /*
     * A count, not the amendments themselves: a list would grow the aggregate, and every snapshot, with each one.
     */
    private int amendments;
    /** What an amendment may change, by field, as {@link Changes} fingerprints: enough to see it change nothing. */
    private Map<String, String> details = new HashMap<>();

    /** For snapshots. */
    private ProjectTerms() {
    }

    static ProjectTerms registered(ProjectRegistered event) {
        ProjectTerms terms = new ProjectTerms();
        terms.organisationId = event.organisationId();
        terms.startDate = event.startDate();
        terms.endDate = event.endDate();
        terms.municipalities = new LinkedHashSet<>(event.municipalities());
        terms.details(event.title(), event.summary(), event.generalGoal(), event.specificObjectives(),
                event.targetGroups(), event.municipalities(), event.endDate());
        return terms;
    }

    void amended(ProjectDetailsAmended event) {
        amendments++;
        details(event.title(), event.summary(), event.generalGoal(), event.specificObjectives(), event.targetGroups(),
                event.municipalities(), event.endDate());
        if (event.municipalities() != null) {
            municipalities = new LinkedHashSet<>(event.municipalities());
        }
        if (event.endDate() != null) {
            endDate = event.endDate();
        }
    }

    /** An amendment's changes: which of the values it sets differ from the project's. */
    Changes amendment() {
        return new Changes(details, "an amendment");
    }

    /** The fields an amendment may change, null where left as they are. */
    private void details(String title, String summary, String generalGoal, List<String> specificObjectives,
                         List<String> targetGroups, List<String> municipalities, LocalDate endDate) {
        Changes.record(details, "title", title);
        Changes.record(details, "summary", summary);
        Changes.record(details, "generalGoal", generalGoal);
        Changes.record(details, "specificObjectives", specificObjectives);
        Changes.record(details, "targetGroups", targetGroups);
        Changes.record(details, "municipalities", municipalities);
        Changes.record(details, "endDate", endDate);
    }

    boolean ownedBy(String organisation) {
        return organisationId.equals(organisation);
    }

    void requireRoomForAmendment() {
        Rules.roomForOneMore("projectId", amendments, Limits.AMENDMENTS_PER_PROJECT, "amendments of this project");
    }

    /** Whether {@code end} is before the project's end date as it stands. */
    boolean endsEarlierThanNow(LocalDate end) {
        return end.isBefore(endDate);
    }

    void requireEndNotBeforeStart(LocalDate end) {
        if (end.isBefore(startDate)) {
            throw new ProjectRuleViolation("endDate", "must not be before startDate " + startDate);
        }
    }

    /** A period the programme defined that overlaps the project's own dates: one it reports on. */
    ReportingPeriod requirePeriod(String periodId, ReportingPeriods periods) {
        if (!Rules.isId(periodId)) {
            throw new UnknownPeriod(periodId);
        }
        ReportingPeriod period = periods.find(periodId).orElseThrow(() -> new UnknownPeriod(periodId));
        requireOverlap("periodId", period);
        return period;
    }

    /** A project reports on the periods its own dates overlap, and on no other. */
    void requireOverlap(String field, ReportingPeriod period) {
        if (!period.overlaps(startDate, endDate)) {
            throw new ProjectRuleViolation(field, period.periodId() + " (" + period.start() + " to " + period.end()
                    + ") is outside the project's dates, " + startDate + " to " + endDate);
        }
    }

    /**
     * A report is submitted once the figures it states are whole: after the period's last day or, when the project
     * ends inside the period (its last, partial one), after the project's. Submitted earlier, it could be approved
     * while the period's ordinary work was still to come, each piece of which would then need a reason and be flagged
     * as a change after approval. Today is the programme's, as for a date in the future.
     */
    void requireEndedForReport(String field, ReportingPeriod period, Clock clock, String done) {
        boolean projectEndsFirst = endDate.isBefore(period.end());
        LocalDate last = projectEndsFirst ? endDate : period.end();
        if (!over(last, clock)) {
            throw new ProjectRuleViolation(field, period.periodId() + " has not ended: " + (projectEndsFirst
                    ? "it ends on " + period.end() + " and the project on " + last + "; its report is " + done
                    + " after the project ends, from " + last.plusDays(1)
                    : "it ends on " + last + "; its report is " + done + " after the period ends, from "
                    + last.plusDays(1)));
        }
    }

    /**
     * Why the project cannot be closed yet, if it has not ended: as a report is approved only once its period is over,
     * a project is closed only once its last day is, by the programme's day. Closing earlier would make the rest of
     * its work unrecordable; to close early, an administrator first amends the end date.
     */
    Optional<FieldRefusal.Fault> notEnded(Clock clock) {
        return over(endDate, clock) ? Optional.empty() : Optional.of(new FieldRefusal.Fault(
                "endDate", "the project ends on " + endDate + "; it can be closed from " + endDate.plusDays(1)
                + " (to close it earlier, an administrator amends its end date first)"));
    }

    /** Whether {@code last} is past: today, the programme's, is after it. */
    private static boolean over(LocalDate last, Clock clock) {
        return LocalDate.now(clock).isAfter(last);
    }

    LocalDate endDate() {
        return endDate;
    }

    /**
     * The programme's periods the project reports on, those its dates overlap ({@link #requireOverlap}), of every
     * calendar, in the order of their start (then of their end and id, for periods of two calendars starting
     * together).
     */
    List<ReportingPeriod> periodsOf(ReportingPeriods periods) {
        return periods.all().stream().filter(period -> period.overlaps(startDate, endDate))
                .sorted(Comparator.comparing(ReportingPeriod::start).thenComparing(ReportingPeriod::end)
                        .thenComparing(ReportingPeriod::periodId))
                .toList();
    }

    /**
     * An indicator's targets per reporting period, each a period of the programme that the project's dates overlap,
     * named once: a target for a period the project does not run in would be published (in the IATI file) as one it
     * had. Each target is a number of the indicator's {@code unit}, as its life-of-project target is.
     */
    void requirePeriodTargets(ReportingPeriods periods, List<PeriodTarget> targets, String unit) {
        if (targets == null) {
            return;
        }
        Rules.atMost("periodTargets", targets.size(), Limits.PERIOD_TARGETS_PER_INDICATOR);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            PeriodTarget target = targets.get(i);
            String field = "periodTargets[" + i + "]";
            Rules.required(field, target);
            Rules.required(field + ".periodId", target.periodId());
            ReportingPeriod period = periods.find(target.periodId()).orElse(null);
            if (period == null) {
                throw new ProjectRuleViolation(field + ".periodId", "'" + target.periodId()
                        + "' is not a reporting period of the programme");
            }
            requireOverlap(field + ".periodId", period);
            if (!seen.add(target.periodId())) {
                throw new ProjectRuleViolation(field + ".periodId", "appears twice");
            }
            IndicatorRules.requireNumber(field + ".target", target.target(), unit);
        }
    }

    /** Only what happened, and while the project ran, can be recorded. */
    void requireWithinProjectPeriod(String field, LocalDate date, Clock clock) {
        Rules.date(field, date);
        if (date.isAfter(LocalDate.now(clock))) {
            throw new ProjectRuleViolation(field, "is in the future: only what happened can be recorded");
        }
        if (date.isBefore(startDate)) {
            throw new ProjectRuleViolation(field, "is before the project starts on " + startDate);
        }
        if (date.isAfter(endDate)) {
            throw new ProjectRuleViolation(field, "is after the project ends on " + endDate);
        }
    }

    /** The municipality as the programme's reference list spells it, if the project works there. */
    String requireMunicipality(Programme programme, String field, String name) {
        String canonical = programme.requireMunicipality(field, name);
        if (!municipalities.contains(canonical)) {
            throw new ProjectRuleViolation(field, "'" + canonical + "' is not one of the project's municipalities "
                    + municipalities);
        }
        return canonical;
    }

    /**
     * An indicator's targets per municipality, each place one of the project's, stored as the programme spells it
     * (as an activity's is) and named once: two entries for one place would leave a reader to pick one. So never more
     * entries than the project has municipalities, which is checked first, before any name is looked up. {@code null}
     * when none is given. Each target is a number of the indicator's {@code unit}.
     */
    List<MunicipalityTarget> requireMunicipalityTargets(Programme programme, List<MunicipalityTarget> targets,
                                                        String unit) {
        if (targets == null) {
            return null;
        }
        Rules.atMost("municipalityTargets", targets.size(), municipalities.size());
        Set<String> named = new HashSet<>();
        List<MunicipalityTarget> canonical = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String field = "municipalityTargets[" + i + "]";
            MunicipalityTarget target = targets.get(i);
            Rules.required(field, target);
            String place = requireMunicipality(programme, field + ".municipality", target.municipality());
            if (!named.add(place)) {
                throw new ProjectRuleViolation(field + ".municipality", "is " + place
                        + ", which another entry already names");
            }
            IndicatorRules.requireNumber(field + ".target", target.target(), unit);
            canonical.add(new MunicipalityTarget(place, target.target()));
        }
        // A target per place is a set, whatever order it was sent in: the same targets reordered change nothing, and
        // a redefinition sending only that is refused as any other that changes nothing.
        canonical.sort(java.util.Comparator.comparing(MunicipalityTarget::municipality));
        return canonical;
    }

    /**
     * A direct measurement's breakdown, each key {@code dimension:category} in the programme's closed vocabulary:
     * the dimensions an indicator may declare, the categories of participant breakdowns, the project's
     * municipalities (stored as the programme spells them, as a measurement's own municipality is). An event
     * carries counts, never personal data, and a key once recorded stays in the history for good: a free-form key
     * could hold a beneficiary's name or birth date. {@code null} when none is given.
     */
    Map<String, Double> requireBreakdown(Programme programme, Map<String, Double> breakdown) {
        if (breakdown == null) {
            return null;
        }
        Rules.atMost("breakdown", breakdown.size(), Limits.MEASUREMENT_BREAKDOWN_ENTRIES);
        Map<String, Double> known = new LinkedHashMap<>();
        breakdown.forEach((key, value) -> {
            String field = "breakdown." + key;
            String category = requireCategory(programme, field, key);
            Rules.required(field, value);
            Rules.finiteNonNegative(field, value);
            if (known.put(category, value) != null) {
                throw new ProjectRuleViolation(field, "is " + category + ", which another key already names");
            }
        });
        return known;
    }

    private String requireCategory(Programme programme, String field, String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        String dimension = colon < 0 ? null : key.substring(0, colon);
        if (dimension == null || !Vocabulary.DIMENSIONS.contains(dimension)) {
            throw new ProjectRuleViolation(field, "must be dimension:category, the dimension one of "
                    + Vocabulary.DIMENSIONS);
        }
        String category = key.substring(colon + 1);
        List<String> categories = switch (dimension) {
            case "sex" -> programme.sexCategories();
            case "age-band" -> programme.ageBands();
            case "community" -> programme.communities();
            default -> null;
        };
        if (categories == null) {
            return dimension + ":" + requireMunicipality(programme, field, category);
        }
        if (!categories.contains(category)) {
            throw new ProjectRuleViolation(field, "is not a category of " + dimension + "; use " + categories);
        }
        return key;
    }

    static List<String> canonicalMunicipalities(Programme programme, List<String> names) {
        // None and too many in one wording, the request shape's too (its @Size(min = 1)): a client needs both bounds.
        int most = Limits.MUNICIPALITIES_PER_PROJECT;
        if (names == null || names.isEmpty() || names.size() > most) {
            throw new ProjectRuleViolation("municipalities", Limits.fromToEntries(1, most));
        }
        Set<String> canonical = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            canonical.add(programme.requireMunicipality("municipalities[" + i + "]", names.get(i)));
        }
        return List.copyOf(canonical);
    }
}
