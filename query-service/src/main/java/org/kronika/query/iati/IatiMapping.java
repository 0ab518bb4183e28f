package org.kronika.query.iati;

import org.kronika.events.ActivityEvent;
import org.kronika.events.DocumentPublished;
import org.kronika.events.DocumentReference;
import org.kronika.events.MediaProduced;
import org.kronika.events.MemorandumSigned;
import org.kronika.events.PeriodTarget;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Bucket;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectDetails;
import org.kronika.query.project.KnownFacts;
import org.kronika.query.project.ProjectStatus;
import org.kronika.query.project.ProjectSummary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Maps a project, as its summary and facts stand at some moment, to an {@link IatiActivity}: every IATI code is
 * decided here (docs/iati.md has the table). Period totals and cumulative figures come from the summary's own
 * indicator progress, the figures the dashboards show; the breakdown of a period by municipality, sex and age band,
 * which no read model holds, is counted from the project's facts by the same rules.
 */
public final class IatiMapping {

    static final String FUNDING = "1";
    static final String IMPLEMENTING = "4";
    static final String OUTPUT = "1";
    static final String OUTCOME = "2";
    static final String DAC_5_DIGIT = "1";
    static final String ISO_COUNTRY = "A4";
    static final String ADMINISTRATIVE_REGION = "1";
    static final String SECOND_ORDER_DIVISION = "ADM2";
    /** Pre- and post-project impact appraisal. */
    static final String APPRAISAL = "A01";
    /** Review of project performance and evaluation. */
    static final String EVALUATION = "A07";
    /** Results, outcomes and outputs. */
    static final String OUTPUTS = "A08";
    static final String MEMORANDUM = "A09";

    private static final Map<String, String> MEASURES = Map.of("count", "1", "percent", "2", "yes-no", "3",
            "score", "4");
    /** The dimensions a breakdown of participants gives; community is left out of public files (docs/iati.md). */
    private static final Set<String> PARTICIPANT_DIMENSIONS = Set.of("sex", "age-band");

    private final IatiProperties properties;
    private final Programme programme;
    private final ReportingPeriods periods;
    private final Codelists codelists;

    /** @throws IllegalArgumentException when the configuration names a code IATI does not know */
    public IatiMapping(IatiProperties properties, Programme programme, Codelists codelists) {
        this(properties.checkedAgainst(codelists), programme, programme.periods(), codelists);
    }

    private IatiMapping(IatiProperties properties, Programme programme, ReportingPeriods periods,
                        Codelists codelists) {
        this.properties = properties;
        this.programme = programme;
        this.periods = periods;
        this.codelists = codelists;
    }

    /**
     * The same mapping over the programme's calendar as its stream defined it so far, as the project view uses: a
     * quarter defined beyond the programme file is a period, and a period target names any defined period.
     */
    public IatiMapping over(ReportingPeriods defined) {
        return new IatiMapping(properties, programme, defined, codelists);
    }

    /**
     * @param summary the project at the moment the file speaks for (its replay, for a past moment)
     * @param facts   its activities and measurements as known at that moment, and only those
     * @param day     the day the file speaks for: what has started and ended is judged by it
     */
    public IatiActivity activity(ProjectSummary summary, KnownFacts facts, LocalDate day) {
        ProjectDetails details = summary.details();
        String identifier = properties.reportingOrg().ref() + "-" + summary.projectId();
        Known known = Known.of(facts);
        IatiActivity.Organisation donor = new IatiActivity.Organisation(properties.reportingOrg().ref(),
                properties.reportingOrg().type(), properties.reportingOrg().name());
        IatiActivity.Organisation implementer = new IatiActivity.Organisation(
                properties.organisationRefs().get(details.organisationId()), properties.implementingOrgType(),
                details.organisation());
        Map<String, String> locations = locationRefs(identifier, details, known);
        List<IatiActivity.Result> results = results(summary, known, locations, day);
        return new IatiActivity(identifier, lastUpdated(summary, day, results), properties.language(), donor,
                details.title(),
                descriptions(details),
                List.of(new IatiActivity.Participant(donor, FUNDING),
                        new IatiActivity.Participant(implementer, IMPLEMENTING)),
                status(summary, day), dates(details, day), countries(locations.keySet()),
                locations.entrySet().stream().map(e -> location(e.getValue(), e.getKey())).toList(),
                new IatiActivity.Sector(DAC_5_DIGIT, properties.sector(),
                        codelists.name("Sector", properties.sector()).orElse(null)),
                documents(known), results);
    }

    /**
     * The non-retracted activities, as now stated, with their typed data, and the non-retracted measurements, as
     * corrected: a retracted fact is no result, and its source no evidence of one.
     */
    private record Known(List<ActivityFacts> activities, List<ActivityEvent> events, List<Measurement> measurements) {
        static Known of(KnownFacts facts) {
            List<ActivityFacts> activities = new ArrayList<>();
            List<ActivityEvent> events = new ArrayList<>();
            for (Activity activity : facts.activities()) {
                if (!activity.isRetracted()) {
                    ActivityEvent event = ActivityData.read(activity.type(), activity.current().data());
                    activities.add(ActivityFacts.of(activity.type(), activity.ordinal(), event));
                    events.add(event);
                }
            }
            return new Known(activities, events, facts.measurements().stream().filter(Measurement::standing).toList());
        }
    }

    // -- description ---------------------------------------------------------------------------------------------

    /**
     * The project's own words. Their labels ("General goal:", "Specific objectives:") are Kronika's, in English: in a
     * file of another language they would be English inside a narrative marked as that language, so there the goal
     * comes first and the objectives after it, numbered, without them.
     */
    private List<IatiActivity.Description> descriptions(ProjectDetails d) {
        boolean english = "en".equals(properties.language());
        List<IatiActivity.Description> descriptions = new ArrayList<>();
        descriptions.add(new IatiActivity.Description("1", firstOf(d.summary(), d.generalGoal(), d.title())));
        List<String> objectives = new ArrayList<>();
        if (present(d.generalGoal())) {
            objectives.add((english ? "General goal: " : "") + d.generalGoal().strip());
        }
        if (!d.specificObjectives().isEmpty() && english) {
            objectives.add("Specific objectives:");
        }
        for (int i = 0; i < d.specificObjectives().size(); i++) {
            objectives.add((i + 1) + ". " + d.specificObjectives().get(i).strip());
        }
        if (!objectives.isEmpty()) {
            descriptions.add(new IatiActivity.Description("2", String.join("\n", objectives)));
        }
        if (!d.targetGroups().isEmpty()) {
            descriptions.add(new IatiActivity.Description("3", String.join("\n",
                    d.targetGroups().stream().map(g -> "- " + g.strip()).toList())));
        }
        return descriptions;
    }

    private static String firstOf(String... texts) {
        for (String text : texts) {
            if (present(text)) {
                return text.strip();
            }
        }
        throw new IllegalStateException("A project always has a title");
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    // -- status and dates: Kronika knows the project's period and its closure, not its finances ------------------------

    /**
     * When the file last changed: the last event it reflects, the last day that changed what the file judges by
     * its day (the project's start, the day after its end, the start of a period within it, and the start and the
     * day after the end of each period the file lists), or the recording of the definition of a period it lists,
     * whichever is latest. A file of a day later that says more (its
     * status, its actual dates, a started period's actual of 0, an ended period's participants by sex and age band,
     * after the project's end too) says so in its timestamps too, as IATI asks; the same day still gives the same
     * bytes.
     */
    private Instant lastUpdated(ProjectSummary summary, LocalDate day, List<IatiActivity.Result> results) {
        ProjectDetails d = summary.details();
        List<LocalDate> turns = new ArrayList<>(List.of(d.startDate(), d.endDate().plusDays(1)));
        java.util.stream.Stream.concat(periods.periods().stream(), periods.defined().stream())
                .map(Programme.Period::start)
                .filter(start -> !start.isBefore(d.startDate()) && !start.isAfter(d.endDate()))
                .forEach(turns::add);
        results.stream().flatMap(result -> result.indicators().stream())
                .flatMap(indicator -> indicator.periods().stream())
                .forEach(period -> {
                    turns.add(period.start());
                    turns.add(period.end().plusDays(1));
                });
        List<Instant> changes = new ArrayList<>();
        changes.add(summary.lastRecordedAt());
        turns.stream().filter(turn -> !turn.isAfter(day)).max(Comparator.naturalOrder()).map(programme::startOf)
                .ifPresent(changes::add);
        // A period the calendar defined after the figures it groups: listed since then, in place of its months.
        results.stream().flatMap(result -> result.indicators().stream())
                .flatMap(indicator -> indicator.periods().stream())
                .map(period -> periods.definedAt().get(period.periodId())).forEach(changes::add);
        return changes.stream().filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * ActivityStatus from the project's status on the file's day ({@link ProjectStatus}): 1 Pipeline/identification
     * before its start, 2 Implementation until its end, 3 Finalisation once it ended ("physical activity is complete
     * [...] but the activity remains open pending financial sign off or M&E": its reports are still to be approved,
     * and it records late activities and corrections), 4 Closed once an officer closed it out (its final reports
     * approved, nothing recorded any more). The summary is the replay's at a past moment, so a closure after it
     * does not count.
     */
    static String status(ProjectSummary summary, LocalDate day) {
        ProjectDetails d = summary.details();
        return activityStatus(ProjectStatus.of(summary.closure() != null, d.startDate(), d.endDate(), day));
    }

    /**
     * The IndicatorMeasure code of an indicator's unit, refused for a unit without one, as a status is: a unit added
     * later would otherwise be published as a count.
     */
    static String measure(String unit) {
        String code = unit == null ? null : MEASURES.get(unit);
        if (code == null) {
            throw new IllegalArgumentException("No IATI indicator measure for the unit " + unit);
        }
        return code;
    }

    /**
     * The ActivityStatus code of a {@link ProjectStatus}. A status without one is refused rather than published as
     * some code: a status added later would otherwise tell donors something Kronika never decided.
     */
    static String activityStatus(String status) {
        return switch (status) {
            case ProjectStatus.PLANNED -> "1";
            case ProjectStatus.ACTIVE -> "2";
            case ProjectStatus.ENDED -> "3";
            case ProjectStatus.CLOSED -> "4";
            default -> throw new IllegalArgumentException("No IATI activity-status for the project status " + status);
        };
    }

    private static List<IatiActivity.ActivityDate> dates(ProjectDetails d, LocalDate day) {
        List<IatiActivity.ActivityDate> dates = new ArrayList<>();
        dates.add(new IatiActivity.ActivityDate("1", d.startDate()));
        if (!day.isBefore(d.startDate())) {
            dates.add(new IatiActivity.ActivityDate("2", d.startDate()));
        }
        dates.add(new IatiActivity.ActivityDate("3", d.endDate()));
        if (day.isAfter(d.endDate())) {
            dates.add(new IatiActivity.ActivityDate("4", d.endDate()));
        }
        return dates;
    }

    // -- geography -----------------------------------------------------------------------------------------------

    /**
     * Shares in proportion to the municipalities the file lists as locations in each country (the project's, and
     * those its facts name), adding up to exactly 100: every location's country is a recipient country. A fact in a
     * municipality an amendment dropped, in another country, gave a location there that no recipient country named.
     */
    private List<IatiActivity.Country> countries(Collection<String> locations) {
        Map<String, Integer> municipalities = new TreeMap<>();
        for (String name : locations) {
            programme.municipality(name).ifPresent(m -> municipalities.merge(m.country(), 1, Integer::sum));
        }
        int all = municipalities.values().stream().mapToInt(Integer::intValue).sum();
        List<IatiActivity.Country> countries = new ArrayList<>();
        BigDecimal left = BigDecimal.valueOf(100);
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(municipalities.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            String code = entries.get(i).getKey();
            BigDecimal share = i == entries.size() - 1 ? left : BigDecimal.valueOf(100L * entries.get(i).getValue())
                    .divide(BigDecimal.valueOf(all), 2, RoundingMode.DOWN);
            left = left.subtract(share);
            countries.add(new IatiActivity.Country(code, codelists.name("Country", code).orElse(null),
                    share.stripTrailingZeros()));
        }
        return countries;
    }

    /**
     * One location per municipality the project works in, and per municipality its facts name (an amendment may
     * have dropped it since), by canonical name. Refs are the activity's identifier and the name without accents,
     * so they stay the same whatever else changes.
     */
    private Map<String, String> locationRefs(String identifier, ProjectDetails d, Known known) {
        Set<String> names = new LinkedHashSet<>(d.municipalities());
        SortedMap<String, Boolean> others = new TreeMap<>();
        known.activities().forEach(a -> others.put(a.municipality() == null ? "" : a.municipality(), true));
        known.measurements().forEach(m -> others.put(m.municipality() == null ? "" : m.municipality(), true));
        others.remove("");
        names.addAll(others.keySet());
        Map<String, String> refs = new LinkedHashMap<>();
        for (String name : names) {
            refs.put(name, identifier + "-" + Text.slug(name));
        }
        return refs;
    }

    private IatiActivity.Location location(String ref, String name) {
        String country = programme.municipality(name).map(Programme.Municipality::country).orElse(null);
        String countryName = country == null ? null : codelists.name("Country", country).orElse(country);
        return new IatiActivity.Location(ref, name, countryName == null ? "Municipality of " + name
                : "Municipality of " + name + ", " + countryName, ISO_COUNTRY, country, ADMINISTRATIVE_REGION,
                SECOND_ORDER_DIVISION);
    }

    // -- documents -----------------------------------------------------------------------------------------------

    /**
     * Media that show the participants they portray: a public file links none of them, as it names no one (the
     * dashboards, behind a sign-in, still do).
     */
    private static final java.util.Set<String> PORTRAYING = java.util.Set.of("video-portrait", "video-interview");

    /** Every document an activity published, produced or signed, in the order they happened, each URL once. */
    private List<IatiActivity.DocumentLink> documents(Known known) {
        record Dated(ActivityFacts facts, ActivityEvent event, DocumentReference document, String category) {
        }
        List<Dated> dated = new ArrayList<>();
        for (int i = 0; i < known.activities().size(); i++) {
            ActivityEvent event = known.events().get(i);
            DocumentReference document = null;
            String category = OUTPUTS;
            if (event instanceof DocumentPublished published) {
                document = published.document();
                category = "needs-assessment".equals(published.kind()) ? APPRAISAL : OUTPUTS;
            } else if (event instanceof MediaProduced media && !PORTRAYING.contains(media.kind())) {
                document = media.document();
            } else if (event instanceof MemorandumSigned memorandum) {
                document = memorandum.document();
                category = MEMORANDUM;
            }
            if (document != null) {
                dated.add(new Dated(known.activities().get(i), event, document, category));
            }
        }
        dated.sort(Comparator.comparing((Dated d) -> d.facts().occurredOn())
                .thenComparingLong(d -> d.facts().ordinal()));
        Map<String, IatiActivity.DocumentLink> links = new LinkedHashMap<>();
        for (Dated d : dated) {
            IatiActivity.DocumentLink link = link(d.document(), d.event().title(), d.category(),
                    d.facts().occurredOn());
            links.putIfAbsent(link.url(), link);
        }
        return List.copyOf(links.values());
    }

    private IatiActivity.DocumentLink link(DocumentReference document, String about, String category, LocalDate on) {
        String url = Text.url(document.reference(), properties.documentBaseUrl());
        String description = about == null || about.strip().equals(document.title().strip()) ? null : about;
        return new IatiActivity.DocumentLink(url, Text.format(document.reference()), document.title(), description,
                category, on, document.sha256());
    }

    // -- results -------------------------------------------------------------------------------------------------

    /**
     * Kronika's logframe has no result levels: what activities feed are outputs, what is only measured directly
     * (surveys, assessments) outcomes. One result for each, holding its indicators in logframe order.
     */
    private List<IatiActivity.Result> results(ProjectSummary summary, Known known, Map<String, String> locations,
                                              LocalDate day) {
        List<IatiActivity.Indicator> outputs = new ArrayList<>();
        List<IatiActivity.Indicator> outcomes = new ArrayList<>();
        for (Indicator indicator : summary.indicators()) {
            IatiActivity.Indicator mapped = indicator(indicator, summary.details(), known, locations, day);
            (indicator.definition().fedByActivities() ? outputs : outcomes).add(mapped);
        }
        List<IatiActivity.Result> results = new ArrayList<>();
        if (!outputs.isEmpty()) {
            results.add(new IatiActivity.Result(OUTPUT, "Outputs: what the project's activities delivered", outputs));
        }
        if (!outcomes.isEmpty()) {
            results.add(new IatiActivity.Result(OUTCOME, "Outcomes: changes measured directly", outcomes));
        }
        return results;
    }

    private IatiActivity.Indicator indicator(Indicator indicator, ProjectDetails details, Known known,
                                             Map<String, String> locations, LocalDate day) {
        IndicatorDefinition definition = indicator.definition();
        IndicatorProgress progress = indicator.progress();
        NavigableMap<YearMonth, List<Contribution>> contributions = contributions(definition, known);
        Map<String, BigDecimal> targets = new LinkedHashMap<>();
        for (PeriodTarget target : definition.periodTargets()) {
            targets.put(target.periodId(), number(target.target()));
        }
        // The read models count by month; IATI periods are the default calendar's, and outside months as before.
        Set<String> buckets = new java.util.HashSet<>();
        progress.byPeriod().keySet().forEach(month -> buckets.add(periods.listedIn(
                java.time.YearMonth.parse(month).atDay(1))));
        targets.keySet().stream().filter(id -> periods.byId(id).isPresent()).forEach(buckets::add);
        // As the dashboards list them: a quarter and a fiscal year that start together, the shorter first.
        List<Programme.Period> ranges = buckets.stream().map(periods::range)
                .sorted(Comparator.comparing(Programme.Period::start).thenComparing(Programme.Period::end)).toList();
        List<IatiActivity.Period> result = new ArrayList<>();
        for (Programme.Period range : ranges) {
            Bucket in = ReportingPeriods.within(progress.byPeriod(), range).isEmpty() ? null : progress.in(range);
            boolean added = "sum".equals(definition.aggregation());
            IatiActivity.Actual actual = null;
            if (in != null || (added && !range.start().isAfter(day))) {
                BigDecimal value = (in == null ? Bucket.EMPTY : in).value(definition.aggregation());
                boolean ended = range.end().isBefore(day);
                actual = new IatiActivity.Actual(exact(value),
                        exact(progress.until(range.end(), periods).value(definition.aggregation())),
                        sources(definition, known, range),
                        breakdown(definition, within(contributions, range), value, locations, ended), ended);
            }
            result.add(new IatiActivity.Period(range.periodId(), range.start(), range.end(),
                    targets.get(range.periodId()), actual));
        }
        return new IatiActivity.Indicator(definition.indicatorId(), measure(definition.unit()),
                !definition.descending(),
                "sum".equals(definition.aggregation()) && "count".equals(definition.unit()), definition.name(),
                Text.indicatorDescription(definition),
                new IatiActivity.Baseline(details.startDate().getYear(), details.startDate(),
                        number(definition.baseline())), result);
    }

    /** The indicator's contributions from the facts, as the read models count them, by the month of their date. */
    private static NavigableMap<YearMonth, List<Contribution>> contributions(IndicatorDefinition definition,
                                                                             Known known) {
        NavigableMap<YearMonth, List<Contribution>> byMonth = new TreeMap<>();
        for (ActivityFacts activity : known.activities()) {
            Contribution c = activity.contributionTo(definition);
            if (c != null) {
                byMonth.computeIfAbsent(YearMonth.from(c.on()), k -> new ArrayList<>()).add(c);
            }
        }
        for (Measurement m : known.measurements()) {
            if (m.indicatorId().equals(definition.indicatorId())) {
                byMonth.computeIfAbsent(YearMonth.from(m.measuredOn()), k -> new ArrayList<>()).add(m.contribution());
            }
        }
        return byMonth;
    }

    /**
     * The contributions dated in {@code range}, by date rather than by the period each is listed in: a fiscal year's
     * are those of its days, as its value is. Read from the months the range spans, not from every contribution.
     */
    private static List<Contribution> within(NavigableMap<YearMonth, List<Contribution>> byMonth,
                                             Programme.Period range) {
        return byMonth.subMap(YearMonth.from(range.start()), true, YearMonth.from(range.end()), true).values().stream()
                .flatMap(List::stream).filter(c -> range.contains(c.on())).toList();
    }

    private List<IatiActivity.DocumentLink> sources(IndicatorDefinition definition, Known known,
                                                    Programme.Period range) {
        Map<String, IatiActivity.DocumentLink> links = new LinkedHashMap<>();
        known.measurements().stream()
                .filter(m -> m.indicatorId().equals(definition.indicatorId()) && m.source() != null
                        && range.contains(m.measuredOn()))
                .sorted(Comparator.comparing(Measurement::measuredOn).thenComparingLong(Measurement::ordinal))
                .forEach(m -> {
                    IatiActivity.DocumentLink link = link(m.source(), null, EVALUATION, m.measuredOn());
                    links.putIfAbsent(link.url(), link);
                });
        return List.copyOf(links.values());
    }

    /**
     * The period's value per municipality (under the indicator's aggregation), and for indicators that add up
     * participants, per sex and age band with what the breakdowns leave unspecified, so each dimension's values
     * add up to the period's value. Only the dimensions the logframe reports.
     */
    private List<IatiActivity.DimensionValue> breakdown(IndicatorDefinition definition, List<Contribution> there,
                                                        BigDecimal total, Map<String, String> locations,
                                                        boolean ended) {
        // People by sex and age band only for a period that has ended: while it runs, two files a day apart give
        // the counts of that day's activities by difference, however small (unless every count is published).
        boolean byPerson = ended || properties.minimumCount() <= 1;
        List<IatiActivity.DimensionValue> values = new ArrayList<>();
        if (there.isEmpty()) {
            return values;
        }
        IndicatorProgress period = IndicatorProgress.of(there, definition, periods);
        for (String dimension : definition.dimensions()) {
            if (dimension.equals("municipality")) {
                period.byMunicipality().forEach((place, bucket) -> values.add(new IatiActivity.DimensionValue(
                        dimension, place, locations.get(place), exact(bucket.value(definition.aggregation())))));
            } else if (byPerson && PARTICIPANT_DIMENSIONS.contains(dimension) && definition.countsParticipants()
                    && "sum".equals(definition.aggregation())) {
                boolean bySex = dimension.equals("sex");
                categories(dimension, bySex ? programme.sexCategories() : programme.ageBands(),
                        bySex ? period.bySex() : period.byAgeBand(), total, values);
            }
        }
        return values;
    }

    /**
     * A category's count below the minimum joins {@code unspecified}. Were it the only one hidden, with nothing
     * truly unspecified beside it, {@code unspecified} would be that category under another name: the smallest other
     * count joins it too, so what is hidden cannot be told apart.
     */
    private void categories(String dimension, List<String> order, SortedMap<String, Long> counts,
                            BigDecimal total, List<IatiActivity.DimensionValue> values) {
        List<String> categories = new ArrayList<>(order);
        counts.keySet().stream().filter(c -> !order.contains(c)).forEach(categories::add);
        Map<String, Long> present = new LinkedHashMap<>();
        categories.forEach(category -> {
            long count = counts.getOrDefault(category, 0L);
            if (count > 0) {
                present.put(category, count);
            }
        });
        BigDecimal covered = BigDecimal.valueOf(present.values().stream().mapToLong(Long::longValue).sum());
        boolean nothingUnspecified = total.compareTo(covered) <= 0;
        Set<String> hidden = new HashSet<>();
        present.forEach((category, count) -> {
            if (count < properties.minimumCount()) {
                hidden.add(category);
            }
        });
        if (hidden.size() == 1 && nothingUnspecified) {
            present.entrySet().stream().filter(e -> !hidden.contains(e.getKey()))
                    .min(Map.Entry.comparingByValue()).ifPresent(smallest -> hidden.add(smallest.getKey()));
        }
        BigDecimal shown = BigDecimal.ZERO;
        for (var category : present.entrySet()) {
            if (!hidden.contains(category.getKey())) {
                values.add(new IatiActivity.DimensionValue(dimension, category.getKey(), null,
                        BigDecimal.valueOf(category.getValue())));
                shown = shown.add(BigDecimal.valueOf(category.getValue()));
            }
        }
        BigDecimal unspecified = total.subtract(shown);
        if (unspecified.signum() > 0) {
            values.add(new IatiActivity.DimensionValue(dimension, "unspecified", null, exact(unspecified)));
        }
    }

    static BigDecimal number(double value) {
        return exact(BigDecimal.valueOf(value));
    }

    /** One spelling per number: 30, never 30.0. */
    static BigDecimal exact(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
