package org.kronika.query.projection;

import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives an indicator's progress from the project's activities and measurements, every time from scratch: a
 * correction or retraction changes the result, nothing is ever incremented blindly. All four breakdowns are
 * always computed from the facts, whatever the indicator declares, so changing a breakdown loses nothing.
 */
final class IndicatorProgress {

    private IndicatorProgress() {
    }

    /** A value an activity or measurement adds, with the facts it can be broken down by. */
    record Contribution(LocalDate on, double value, String municipality, Document participants) {
    }

    static Document compute(Document definition, List<Document> activities, List<Document> measurements,
                            ReportingPeriods periods) {
        String indicatorId = definition.getString("indicatorId");
        String counts = definition.getString("counts");
        String aggregation = definition.getString("aggregation");
        List<Contribution> contributions = new ArrayList<>();
        for (Document activity : activities) {
            if (activity.get("retracted") != null) {
                continue;
            }
            Document data = activity.get("current", Document.class);
            @SuppressWarnings("unchecked")
            List<String> indicatorIds = (List<String>) data.getOrDefault("indicatorIds", List.of());
            if (indicatorIds == null || !indicatorIds.contains(indicatorId)) {
                continue;
            }
            double value = switch (counts) {
                case "participants" -> participantsTotal(data);
                case "activities" -> 1;
                case "items" -> items(activity.getString("type"), data);
                default -> Double.NaN;
            };
            if (!Double.isNaN(value)) {
                contributions.add(new Contribution(LocalDate.parse(data.getString("occurredOn")), value,
                        data.getString("municipality"), data.get("participants", Document.class)));
            }
        }
        for (Document measurement : measurements) {
            if (indicatorId.equals(measurement.getString("indicatorId"))) {
                contributions.add(new Contribution(LocalDate.parse(measurement.getString("measuredOn")),
                        measurement.get("value", Number.class).doubleValue(), measurement.getString("municipality"),
                        null));
            }
        }
        contributions.sort(Comparator.comparing(Contribution::on));

        double achieved = aggregate(aggregation, contributions);
        double target = number(definition.get("target"));
        Document progress = new Document("achieved", achieved)
                .append("baseline", number(definition.get("baseline")))
                .append("target", target)
                .append("percentOfTarget", target > 0 ? Math.round(achieved / target * 1000) / 10.0 : null)
                .append("contributions", contributions.size())
                .append("byMunicipality", byMunicipality(aggregation, contributions))
                .append("bySex", byCategory(counts, contributions, "bySex"))
                .append("byAgeBand", byCategory(counts, contributions, "byAgeBand"))
                .append("byCommunity", byCategory(counts, contributions, "byCommunity"))
                .append("byPeriod", byPeriod(definition, aggregation, contributions, periods));
        return progress;
    }

    private static double aggregate(String aggregation, List<Contribution> contributions) {
        if (contributions.isEmpty()) {
            return 0;
        }
        return switch (aggregation) {
            case "latest" -> contributions.get(contributions.size() - 1).value();
            case "average" -> contributions.stream().mapToDouble(Contribution::value).average().orElse(0);
            default -> contributions.stream().mapToDouble(Contribution::value).sum();
        };
    }

    private static Document byMunicipality(String aggregation, List<Contribution> contributions) {
        Map<String, List<Contribution>> byPlace = new TreeMap<>();
        for (Contribution c : contributions) {
            byPlace.computeIfAbsent(c.municipality() == null ? "(none)" : c.municipality(), k -> new ArrayList<>()).add(c);
        }
        Document result = new Document();
        byPlace.forEach((place, list) -> result.append(place, aggregate(aggregation, list)));
        return result;
    }

    /**
     * Participant breakdowns only mean something for indicators that count participants; for the others the
     * result stays empty. "unspecified" is what the breakdown does not cover. A measurement's own breakdown is
     * kept with the measurement, not mixed into these counts.
     */
    private static Document byCategory(String indicatorCounts, List<Contribution> contributions, String breakdown) {
        if (!"participants".equals(indicatorCounts)) {
            return new Document();
        }
        Map<String, Integer> counts = new TreeMap<>();
        int covered = 0;
        int total = 0;
        boolean any = false;
        for (Contribution c : contributions) {
            if (c.participants() == null) {
                continue;
            }
            any = true;
            total += c.participants().get("total", Number.class).intValue();
            Document parts = c.participants().get(breakdown, Document.class);
            if (parts != null) {
                for (var part : parts.entrySet()) {
                    int n = ((Number) part.getValue()).intValue();
                    counts.merge(part.getKey(), n, Integer::sum);
                    covered += n;
                }
            }
        }
        Document result = new Document();
        if (any) {
            counts.forEach(result::append);
            result.append("unspecified", total - covered);
        }
        return result;
    }

    private static List<Document> byPeriod(Document definition, String aggregation, List<Contribution> contributions,
                                           ReportingPeriods periods) {
        Map<String, Double> targets = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Document> periodTargets = (List<Document>) definition.getOrDefault("periodTargets", List.of());
        for (Document t : periodTargets) {
            targets.put(t.getString("periodId"), number(t.get("target")));
        }
        Map<String, List<Contribution>> inPeriod = new TreeMap<>();
        for (Contribution c : contributions) {
            periods.containing(c.on()).ifPresent(p -> inPeriod.computeIfAbsent(p.periodId(), k -> new ArrayList<>()).add(c));
        }
        targets.keySet().forEach(id -> inPeriod.putIfAbsent(id, new ArrayList<>()));
        List<Document> result = new ArrayList<>();
        for (var period : inPeriod.entrySet()) {
            LocalDate end = periods.byId(period.getKey()).map(ReportingPeriods.Period::end).orElse(LocalDate.MAX);
            List<Contribution> untilEnd = contributions.stream().filter(c -> !c.on().isAfter(end)).toList();
            result.add(new Document("periodId", period.getKey())
                    .append("achieved", aggregate(aggregation, period.getValue()))
                    .append("cumulative", aggregate(aggregation, untilEnd))
                    .append("target", targets.get(period.getKey())));
        }
        return result;
    }

    static int participantsTotal(Document data) {
        Document participants = data.get("participants", Document.class);
        return participants == null ? 0 : participants.get("total", Number.class).intValue();
    }

    private static double items(String type, Document data) {
        return switch (type) {
            case "materials-distributed" -> number(data.get("quantity"));
            case "media-produced", "award-granted" -> number(data.get("count"));
            default -> 1;
        };
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
