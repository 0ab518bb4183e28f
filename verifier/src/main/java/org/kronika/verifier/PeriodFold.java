package org.kronika.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.chain.ChainLink;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A project's figures for one reporting period, recomputed from its events alone, as the event contract
 * (docs/audit/README.md, "Recomputing a period's figures") defines them; deliberately not the query service's
 * code, so that a report's figures are checked by a second, independent reading of the same events.
 *
 * <p>Each activity counts as last stated (an {@code activity-corrected} restates it in full, an
 * {@code activity-retracted} takes it away), and so does each measurement (a {@code measurement-corrected} restates
 * it in full, keeping its place in the recorded order; a {@code measurement-retracted} takes it away). Figures are per calendar month: a period's
 * figures are those of its months, and "cumulative" those of every month that ended by the period's last day.
 */
final class PeriodFold {

    static final String NATIONAL = "(none)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIVITY_TYPES = EventTypes.activityTypes().stream().map(EventType::name)
            .collect(Collectors.toSet());

    private record Activity(String type, long order, LocalDate on, String place, JsonNode participants,
                            List<String> indicatorIds, BigDecimal items) {
    }

    private record Measurement(String indicatorId, LocalDate on, long order, BigDecimal value, String place) {
    }

    private record Indicator(String indicatorId, String name, String unit, String counts, String aggregation,
                             double baseline, double target, Map<String, Double> periodTargets) {
    }

    /**
     * One contribution to an indicator: ties on a day go to activities before measurements, each in recorded order.
     *
     * @param participants who took part, for a participant-counting indicator's breakdowns; missing otherwise
     */
    private record Contribution(LocalDate on, long order, BigDecimal value, String place, JsonNode participants) {
    }

    private static final long MEASUREMENTS = 1L << 40;

    private final Map<String, Activity> activities = new LinkedHashMap<>();
    private final Map<String, Indicator> indicators = new LinkedHashMap<>();
    /** By measurement id, those standing, as last stated. */
    private final Map<String, Measurement> measurements = new LinkedHashMap<>();
    private long activitiesRecorded;
    private long measurementsRecorded;
    private long last = -1;

    /** The public type name of an event, {@code training-delivered} for {@code org.kronika.training-delivered.v1}. */
    static String typeName(String cloudEventType) {
        return cloudEventType.replaceFirst("^org\\.kronika\\.", "").replaceFirst("\\.v\\d+$", "");
    }

    /** The state after every event of {@code links} up to and including {@code upTo}. */
    static PeriodFold upTo(List<ChainLink> links, long upTo) {
        PeriodFold fold = new PeriodFold();
        for (ChainLink link : links) {
            if (link.sequence() > upTo) {
                break;
            }
            fold.apply(link);
        }
        return fold;
    }

    long last() {
        return last;
    }

    void apply(ChainLink link) {
        last = link.sequence();
        String type = typeName(link.type());
        try {
            apply(type, JSON.valueToTree(link.payload()));
        } catch (java.time.format.DateTimeParseException unreadable) {
            // A copy whose hashes were computed again may hold anything; it is then changed, not unreadable.
            throw new UndatedFact("the export's event " + link.sequence() + " (" + type + ") gives a day that is no "
                    + "date: \"" + unreadable.getParsedString() + "\"");
        }
    }

    private void apply(String type, JsonNode data) {
        if (ACTIVITY_TYPES.contains(type)) {
            String id = data.path("activityId").asText();
            activities.put(id, activity(type, activitiesRecorded++, data));
        } else if (type.equals("activity-corrected")) {
            String id = data.path("activityId").asText();
            Activity before = activities.get(id);
            if (before != null) {
                activities.put(id, activity(data.path("activityType").asText(before.type()), before.order(),
                        data.path("corrected")));
            }
        } else if (type.equals("activity-retracted")) {
            activities.remove(data.path("activityId").asText());
        } else if (type.equals("indicator-defined")) {
            indicators.put(data.path("indicatorId").asText(), new Indicator(data.path("indicatorId").asText(),
                    data.path("name").asText(), data.path("unit").asText(), data.path("counts").asText(),
                    data.path("aggregation").asText(), data.path("baseline").asDouble(),
                    data.path("target").asDouble(), periodTargets(data.path("periodTargets"))));
        } else if (type.equals("indicator-redefined")) {
            Indicator was = indicators.get(data.path("indicatorId").asText());
            if (was != null) {
                indicators.put(was.indicatorId(), new Indicator(was.indicatorId(),
                        present(data, "name") ? data.path("name").asText() : was.name(), was.unit(), was.counts(),
                        was.aggregation(), was.baseline(),
                        present(data, "target") ? data.path("target").asDouble() : was.target(),
                        present(data, "periodTargets") ? periodTargets(data.path("periodTargets"))
                                : was.periodTargets()));
            }
        } else if (type.equals("indicator-measured")) {
            measurements.put(data.path("measurementId").asText(),
                    measurement(data, MEASUREMENTS + measurementsRecorded++));
        } else if (type.equals("measurement-corrected")) {
            Measurement before = measurements.get(data.path("measurementId").asText());
            if (before != null) {
                measurements.put(data.path("measurementId").asText(), measurement(data, before.order()));
            }
        } else if (type.equals("measurement-retracted")) {
            measurements.remove(data.path("measurementId").asText());
        }
    }

    private static boolean present(JsonNode data, String member) {
        return data.has(member) && !data.get(member).isNull();
    }

    private static Map<String, Double> periodTargets(JsonNode targets) {
        Map<String, Double> byPeriod = new LinkedHashMap<>();
        targets.forEach(t -> byPeriod.put(t.path("periodId").asText(), t.path("target").asDouble()));
        return byPeriod;
    }

    /** A measurement as an {@code indicator-measured} or a {@code measurement-corrected} states it. */
    private static Measurement measurement(JsonNode data, long order) {
        return new Measurement(data.path("indicatorId").asText(), LocalDate.parse(data.path("measuredOn").asText()),
                order, data.path("value").decimalValue(),
                data.path("municipality").isTextual() ? data.path("municipality").asText() : NATIONAL);
    }

    private static Activity activity(String type, long order, JsonNode data) {
        long items = switch (type) {
            case "materials-distributed" -> data.path("quantity").asLong();
            case "media-produced", "award-granted" -> data.path("count").asLong();
            default -> 1;
        };
        List<String> indicatorIds = new ArrayList<>();
        data.path("indicatorIds").forEach(i -> indicatorIds.add(i.asText()));
        JsonNode place = data.path("municipality");
        return new Activity(type, order, LocalDate.parse(data.path("occurredOn").asText()),
                place.isTextual() ? place.asText() : NATIONAL, data.path("participants"), indicatorIds,
                BigDecimal.valueOf(items));
    }

    /** The date an activity now stands at, or null if it does not count (never recorded, or retracted). */
    LocalDate activityDate(String activityId) {
        Activity activity = activities.get(activityId);
        return activity == null ? null : activity.on();
    }

    /** The date a measurement now stands at, or null if it does not count (never recorded, or retracted). */
    LocalDate measurementDate(String measurementId) {
        Measurement measurement = measurements.get(measurementId);
        return measurement == null ? null : measurement.on();
    }

    /**
     * The period's figures in the shape of the report's {@code asApproved} and {@code asCorrectedSince}: the
     * activities and participants of its months with their breakdowns, per municipality, and every indicator's
     * target, what was achieved in the period and by its end (and whether nothing counted by then), and that against
     * the target.
     */
    ObjectNode figures(String periodId, LocalDate start, LocalDate end) {
        YearMonth first = YearMonth.from(start);
        YearMonth lastMonth = YearMonth.from(end);
        YearMonth whole = end.equals(lastMonth.atEndOfMonth()) ? lastMonth : lastMonth.minusMonths(1);

        long count = 0;
        long people = 0;
        Map<String, Map<String, Long>> categories = new LinkedHashMap<>();
        for (String category : List.of("bySex", "byAgeBand", "byCommunity")) {
            categories.put(category, new TreeMap<>());
        }
        Map<String, long[]> byType = new TreeMap<>();
        Map<String, long[]> byPlace = new TreeMap<>();
        for (Activity activity : activities.values()) {
            if (!within(activity.on(), first, lastMonth)) {
                continue;
            }
            long total = activity.participants().path("total").asLong();
            count++;
            people += total;
            categories.forEach((category, counts) -> activity.participants().path(category).fields()
                    .forEachRemaining(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum)));
            add(byType, activity.type(), total);
            add(byPlace, activity.place(), total);
        }

        ObjectNode figures = JSON.createObjectNode();
        ObjectNode totals = figures.putObject("totals");
        totals.put("activities", count);
        ObjectNode participants = totals.putObject("participants");
        participants.put("total", people);
        categories.forEach((category, counts) -> {
            ObjectNode node = participants.putObject(category);
            counts.forEach((key, value) -> {
                if (value != 0) {
                    node.put(key, value);
                }
            });
        });
        ObjectNode types = totals.putObject("byType");
        byType.forEach((type, tally) -> types.putObject(type).put("activities", tally[0]).put("participants", tally[1]));
        ArrayNode places = figures.putArray("byMunicipality");
        byPlace.forEach((place, tally) -> places.addObject().put("municipality", place).put("activities", tally[0])
                .put("participants", tally[1]));

        ArrayNode shown = figures.putArray("indicators");
        for (Indicator indicator : indicators.values()) {
            List<Contribution> contributions = contributions(indicator);
            List<Contribution> inPeriod = contributions.stream().filter(c -> within(c.on(), first, lastMonth)).toList();
            double achieved = value(inPeriod, indicator.aggregation());
            List<Contribution> byEnd = contributions.stream().filter(c -> !YearMonth.from(c.on()).isAfter(whole))
                    .toList();
            double cumulative = value(byEnd, indicator.aggregation());
            Double periodTarget = indicator.periodTargets().get(periodId);
            double base = periodTarget != null ? periodTarget : indicator.target();
            ObjectNode node = shown.addObject().put("indicatorId", indicator.indicatorId())
                    .put("name", indicator.name()).put("unit", indicator.unit())
                    .put("aggregation", indicator.aggregation()).put("target", indicator.target());
            node.put("periodTarget", periodTarget);
            boolean meanOrLatest = "average".equals(indicator.aggregation()) || "latest".equals(indicator.aggregation());
            // A mean or latest value of nothing is no figure: in the period, its achieved 0 is none; by its end,
            // its cumulative 0.
            node.put("achieved", achieved).put("nothingMeasured", inPeriod.isEmpty() && meanOrLatest)
                    .put("cumulative", cumulative);
            node.put("nothingMeasuredByEnd", byEnd.isEmpty() && meanOrLatest);
            node.put("percentOfTarget", percentOf(indicator, base, cumulative, byEnd.size()));
            breakdowns(node, inPeriod, indicator.aggregation());
        }
        return figures;
    }

    /**
     * {@code cumulative} against {@code base} in percent, one decimal (docs/vocabulary.md). For a reduction (target
     * below baseline) the way from the baseline down, (baseline - cumulative) / (baseline - base), none while
     * nothing counts or for a base not below the baseline; otherwise cumulative / base, none for a base of 0.
     */
    private static Double percentOf(Indicator indicator, double base, double cumulative, int counted) {
        BigDecimal come;
        BigDecimal way;
        if (indicator.target() < indicator.baseline()) {
            if (counted == 0 || base >= indicator.baseline()) {
                return null;
            }
            come = BigDecimal.valueOf(indicator.baseline()).subtract(BigDecimal.valueOf(cumulative));
            way = BigDecimal.valueOf(indicator.baseline()).subtract(BigDecimal.valueOf(base));
        } else if (base > 0 && (counted > 0 || "sum".equals(indicator.aggregation()))) {
            // An average or latest value of nothing is none, not 0 % (schema 9 of the read models on).
            come = BigDecimal.valueOf(cumulative);
            way = BigDecimal.valueOf(base);
        } else {
            return null;
        }
        // In decimals, as the rule says: 10.09 of 20 is 50.45 %, 50.5, which binary floating point rounds down.
        return come.multiply(BigDecimal.valueOf(100)).divide(way, MathContext.DECIMAL128)
                .setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    /**
     * An indicator's own breakdowns in the period: its value per municipality (under its aggregation), and for one
     * that counts participants, the participants its activities counted per sex, age band and community.
     */
    private static void breakdowns(ObjectNode node, List<Contribution> inPeriod, String aggregation) {
        ObjectNode places = node.putObject("byMunicipality");
        inPeriod.stream().collect(Collectors.groupingBy(Contribution::place, TreeMap::new, Collectors.toList()))
                .forEach((place, there) -> places.put(place, value(there, aggregation)));
        for (String category : List.of("bySex", "byAgeBand", "byCommunity")) {
            Map<String, Long> counts = new TreeMap<>();
            inPeriod.forEach(c -> c.participants().path(category).fields()
                    .forEachRemaining(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum)));
            ObjectNode shown = node.putObject(category);
            counts.forEach((key, value) -> {
                if (value != 0) {
                    shown.put(key, value);
                }
            });
        }
    }

    private static void add(Map<String, long[]> tallies, String key, long participants) {
        long[] tally = tallies.computeIfAbsent(key, k -> new long[2]);
        tally[0]++;
        tally[1] += participants;
    }

    private static boolean within(LocalDate day, YearMonth first, YearMonth last) {
        YearMonth month = YearMonth.from(day);
        return !month.isBefore(first) && !month.isAfter(last);
    }

    /** What counts towards an indicator: the activities naming it (unless only measurements feed it), its measurements. */
    private List<Contribution> contributions(Indicator indicator) {
        List<Contribution> contributions = new ArrayList<>();
        if (!"measured".equals(indicator.counts())) {
            for (Activity activity : activities.values()) {
                if (activity.indicatorIds().contains(indicator.indicatorId())) {
                    BigDecimal value = switch (indicator.counts()) {
                        case "participants" -> BigDecimal.valueOf(activity.participants().path("total").asLong());
                        case "items" -> activity.items();
                        default -> BigDecimal.ONE;
                    };
                    contributions.add(new Contribution(activity.on(), activity.order(), value, activity.place(),
                            "participants".equals(indicator.counts()) ? activity.participants() : JSON.missingNode()));
                }
            }
        }
        for (Measurement measurement : measurements.values()) {
            if (measurement.indicatorId().equals(indicator.indicatorId())) {
                contributions.add(new Contribution(measurement.on(), measurement.order(), measurement.value(),
                        measurement.place(), JSON.missingNode()));
            }
        }
        return contributions;
    }

    /** Sum, average (to 16 significant digits) or the latest by day and then recorded order; 0 when nothing counts. */
    private static double value(List<Contribution> contributions, String aggregation) {
        if (contributions.isEmpty()) {
            return 0;
        }
        BigDecimal sum = contributions.stream().map(Contribution::value).reduce(BigDecimal.ZERO, BigDecimal::add);
        return switch (aggregation) {
            case "latest" -> contributions.stream().max(Comparator.comparing(Contribution::on)
                    .thenComparingLong(Contribution::order)).orElseThrow().value().doubleValue();
            case "average" -> sum.divide(BigDecimal.valueOf(contributions.size()), MathContext.DECIMAL64).doubleValue();
            default -> sum.doubleValue();
        };
    }

    /** An event the figures depend on whose day cannot be read: no such event is ever written. */
    static final class UndatedFact extends IllegalArgumentException {
        UndatedFact(String message) {
            super(message);
        }
    }
}
