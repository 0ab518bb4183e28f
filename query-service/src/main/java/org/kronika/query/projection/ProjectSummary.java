package org.kronika.query.projection;

import org.bson.Document;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;
import org.kronika.query.stream.ReceivedEvent;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything known about one project, as one MongoDB document: its logframe, its activities (as corrected, with
 * the original kept beside), its indicators with their progress, and totals. {@code version} is the sequence
 * of the last event applied; it is what makes every write idempotent. One document per project keeps every
 * write atomic without transactions.
 */
final class ProjectSummary {

    private static final List<String> DETAIL_FIELDS = List.of("title", "summary", "generalGoal",
            "specificObjectives", "targetGroups", "municipalities", "endDate");

    private final Document document;

    private ProjectSummary(Document document) {
        this.document = document;
    }

    static ProjectSummary fromDocument(Document document) {
        return new ProjectSummary(document);
    }

    /** Before the first event: version -1, so the project's event 0 is the next one. */
    static ProjectSummary empty(String projectId) {
        return new ProjectSummary(new Document("_id", projectId)
                .append("projectId", projectId)
                .append("version", -1L)
                .append("amendments", new ArrayList<Document>())
                .append("plannedActivities", new ArrayList<Document>())
                .append("activities", new ArrayList<Document>())
                .append("indicators", new ArrayList<Document>())
                .append("measurements", new ArrayList<Document>()));
    }

    String projectId() {
        return document.getString("_id");
    }

    long version() {
        return document.get("version", Number.class).longValue();
    }

    Document toDocument() {
        return document;
    }

    /** Applies the event that directly follows {@link #version()}; callers check the sequence. */
    void apply(ReceivedEvent received) {
        Document data = received.data();
        Date recordedAt = Date.from(received.recordedAt());
        Object event = received.event();
        if (event instanceof ProjectRegistered) {
            for (String field : List.of("organisationId", "organisation", "organisationInvented", "title", "summary", "generalGoal",
                    "specificObjectives", "targetGroups", "municipalities", "startDate", "endDate")) {
                document.append(field, data.get(field));
            }
            document.append("registeredAt", recordedAt);
        } else if (event instanceof ProjectDetailsAmended) {
            Document changes = new Document();
            for (String field : DETAIL_FIELDS) {
                if (data.get(field) != null) {
                    changes.append(field, new Document("before", document.get(field)).append("after", data.get(field)));
                    document.put(field, data.get(field));
                }
            }
            list("amendments").add(new Document("sequence", received.sequence()).append("recordedAt", recordedAt)
                    .append("reason", data.getString("reason")).append("changes", changes));
        } else if (event instanceof IndicatorDefined) {
            Document definition = new Document(data);
            definition.remove("projectId");
            list("indicators").add(new Document("indicatorId", data.getString("indicatorId"))
                    .append("definition", definition)
                    .append("definitionHistory", new ArrayList<>(List.of(new Document("sequence", received.sequence())
                            .append("recordedAt", recordedAt).append("definition", new Document(definition))))));
        } else if (event instanceof IndicatorRedefined) {
            find("indicators", "indicatorId", data.getString("indicatorId")).ifPresent(indicator -> {
                Document definition = indicator.get("definition", Document.class);
                Document changes = new Document();
                for (String field : List.of("name", "target", "periodTargets", "dimensions")) {
                    if (data.get(field) != null) {
                        changes.append(field, new Document("before", definition.get(field)).append("after", data.get(field)));
                        definition.put(field, data.get(field));
                    }
                }
                indicator.getList("definitionHistory", Document.class).add(new Document("sequence", received.sequence())
                        .append("recordedAt", recordedAt).append("reason", data.getString("reason"))
                        .append("changes", changes));
            });
        } else if (event instanceof IndicatorMeasured) {
            Document measurement = new Document(data);
            measurement.remove("projectId");
            measurement.append("sequence", received.sequence()).append("recordedAt", recordedAt);
            list("measurements").add(measurement);
        } else if (event instanceof ActivityPlanned) {
            Document planned = new Document(data);
            planned.remove("projectId");
            list("plannedActivities").add(planned);
        } else if (event instanceof ActivityEvent) {
            Document current = new Document(data);
            current.remove("projectId");
            list("activities").add(new Document("activityId", data.getString("activityId"))
                    .append("type", received.type().replaceFirst("^org\\.kronika\\.(.*)\\.v\\d+$", "$1"))
                    .append("sequence", received.sequence())
                    .append("recordedAt", recordedAt)
                    .append("current", current)
                    .append("original", null)
                    .append("corrections", new ArrayList<Document>())
                    .append("retracted", null));
        } else if (event instanceof ActivityCorrected) {
            find("activities", "activityId", data.getString("activityId")).ifPresent(activity -> {
                if (activity.get("original") == null) {
                    activity.put("original", activity.get("current"));
                }
                Document corrected = new Document(data.get("corrected", Document.class));
                corrected.remove("projectId");
                activity.getList("corrections", Document.class).add(new Document("sequence", received.sequence())
                        .append("recordedAt", recordedAt).append("reason", data.getString("reason"))
                        .append("before", activity.get("current")).append("after", corrected));
                activity.put("current", corrected);
            });
        } else if (event instanceof ActivityRetracted) {
            find("activities", "activityId", data.getString("activityId")).ifPresent(activity ->
                    activity.put("retracted", new Document("sequence", received.sequence())
                            .append("recordedAt", recordedAt).append("reason", data.getString("reason"))));
        }
        // An event type this reader does not know yet still moves the version, or the project would stall.
        document.put("version", received.sequence());
        document.put("lastRecordedAt", recordedAt);
    }

    /** Recomputes what is derived from the facts: indicator progress and totals. Once per batch, not per event. */
    void derive(ReportingPeriods periods) {
        List<Document> activities = list("activities");
        List<Document> measurements = list("measurements");
        for (Document indicator : list("indicators")) {
            indicator.put("progress", IndicatorProgress.compute(indicator.get("definition", Document.class),
                    activities, measurements, periods));
        }
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, int[]> byMunicipality = new TreeMap<>();
        Document participants = new Document("total", 0);
        Map<String, Map<String, Integer>> breakdowns = new TreeMap<>();
        int active = 0;
        for (Document activity : activities) {
            if (activity.get("retracted") != null) {
                continue;
            }
            active++;
            Document current = activity.get("current", Document.class);
            byType.merge(activity.getString("type"), 1, Integer::sum);
            int people = IndicatorProgress.participantsTotal(current);
            participants.put("total", participants.getInteger("total") + people);
            String place = current.getString("municipality") == null ? "(none)" : current.getString("municipality");
            int[] counts = byMunicipality.computeIfAbsent(place, k -> new int[2]);
            counts[0]++;
            counts[1] += people;
            Document parts = current.get("participants", Document.class);
            if (parts != null) {
                for (String breakdown : List.of("bySex", "byAgeBand", "byCommunity")) {
                    Document values = parts.get(breakdown, Document.class);
                    if (values != null) {
                        values.forEach((k, v) -> breakdowns.computeIfAbsent(breakdown, b -> new TreeMap<>())
                                .merge(k, ((Number) v).intValue(), Integer::sum));
                    }
                }
            }
        }
        breakdowns.forEach((name, values) -> participants.append(name, new Document(new TreeMap<>(values))));
        for (Document planned : list("plannedActivities")) {
            String id = planned.getString("plannedActivityId");
            planned.put("implemented", activities.stream().filter(a -> a.get("retracted") == null)
                    .filter(a -> id.equals(a.get("current", Document.class).getString("plannedActivityId"))).count());
        }
        List<Document> places = new ArrayList<>();
        byMunicipality.forEach((place, counts) -> places.add(new Document("municipality", place)
                .append("activities", counts[0]).append("participants", counts[1])));
        document.put("totals", new Document("activities", active)
                .append("corrected", activities.stream().filter(a -> a.get("original") != null).count())
                .append("retracted", activities.stream().filter(a -> a.get("retracted") != null).count())
                .append("byType", new Document(new TreeMap<String, Object>(byType)))
                .append("participants", participants)
                .append("byMunicipality", places));
    }

    @SuppressWarnings("unchecked")
    private List<Document> list(String field) {
        return (List<Document>) document.get(field);
    }

    private java.util.Optional<Document> find(String list, String key, String value) {
        return list(list).stream().filter(d -> value.equals(d.getString(key))).findFirst();
    }
}
