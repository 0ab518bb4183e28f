package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.PlaceNames;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboards' figures computed straight from the demo file, independently of the services: replay its
 * commands (corrections replace, retractions remove), put each activity in its organisation, municipality and
 * quarter, and add up.
 */
final class DemoDashboards {

    /** Counts of one scope: activities, participants and their breakdowns, per type and per period. */
    static final class Figures {
        long activities;
        long participants;
        final Map<String, Long> bySex = new TreeMap<>();
        final Map<String, Long> byAgeBand = new TreeMap<>();
        final Map<String, Long> byCommunity = new TreeMap<>();
        final Map<String, Long> activitiesByType = new TreeMap<>();
        final Map<String, Long> participantsByPeriod = new TreeMap<>();
        final Map<String, Long> activitiesByPeriod = new TreeMap<>();

        void add(String type, String period, JsonNode people) {
            activities++;
            activitiesByType.merge(type, 1L, Long::sum);
            activitiesByPeriod.merge(period, 1L, Long::sum);
            long total = people.path("total").asLong(0);
            participants += total;
            participantsByPeriod.merge(period, total, Long::sum);
            people.path("bySex").fields().forEachRemaining(e -> bySex.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            people.path("byAgeBand").fields().forEachRemaining(e -> byAgeBand.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            people.path("byCommunity").fields().forEachRemaining(e -> byCommunity.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
    }

    /** Per organisation: its figures overall and per municipality. */
    record Organisation(Figures overall, Map<String, Figures> byMunicipality) {
    }

    static Map<String, Organisation> compute() throws IOException {
        Map<String, String> aliases = municipalityNames();
        Map<String, String> organisations = new HashMap<>();
        Map<String, Map<String, JsonNode>> activities = new LinkedHashMap<>();
        Map<String, Map<String, String>> types = new HashMap<>();
        for (DemoData.Command command : DemoData.commands()) {
            String[] path = command.path().split("/");
            if (path.length == 3) {
                String project = command.body().get("projectId").asText();
                organisations.put(project, command.body().get("organisationId").asText());
                activities.put(project, new LinkedHashMap<>());
                continue;
            }
            String project = path[3];
            if (!path[4].equals("activities")) {
                continue;
            }
            if (path.length == 6) {
                activities.get(project).put(command.body().get("activityId").asText(), command.body());
                types.computeIfAbsent(project, k -> new HashMap<>()).put(command.body().get("activityId").asText(), path[5]);
            } else if (path[6].equals("corrections")) {
                activities.get(project).put(path[5], command.body().get("corrected"));
            } else if (path[6].equals("retractions")) {
                activities.get(project).remove(path[5]);
            }
        }
        Map<String, Organisation> result = new TreeMap<>();
        activities.forEach((project, recorded) -> {
            Organisation organisation = result.computeIfAbsent(organisations.get(project),
                    k -> new Organisation(new Figures(), new TreeMap<>()));
            recorded.forEach((activityId, data) -> {
                String type = types.get(project).get(activityId);
                String period = period(LocalDate.parse(data.get("occurredOn").asText()));
                JsonNode people = data.path("participants");
                organisation.overall().add(type, period, people);
                if (!data.path("municipality").isNull() && !data.path("municipality").isMissingNode()) {
                    String place = aliases.get(PlaceNames.key(data.get("municipality").asText()));
                    organisation.byMunicipality().computeIfAbsent(place, k -> new Figures()).add(type, period, people);
                }
            });
        });
        return result;
    }

    /** The programme's quarters from 2022 to 2026; any other date counts in its month. */
    private static String period(LocalDate date) {
        if (date.getYear() >= 2022 && date.getYear() <= 2026) {
            return date.getYear() + "-Q" + ((date.getMonthValue() - 1) / 3 + 1);
        }
        return "outside:" + YearMonth.from(date);
    }

    private static Map<String, String> municipalityNames() throws IOException {
        Map<String, String> names = new HashMap<>();
        try (InputStream in = DemoDashboards.class.getResourceAsStream("/org/kronika/events/programme.json")) {
            for (JsonNode municipality : new ObjectMapper().readTree(in).path("municipalities")) {
                String name = municipality.get("name").asText();
                PlaceNames.keys(name).forEach(key -> names.put(key, name));
                municipality.path("aliases").forEach(alias -> PlaceNames.keys(alias.asText())
                        .forEach(key -> names.put(key, name)));
            }
        }
        return names;
    }
}
