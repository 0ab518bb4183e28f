package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo projects should show, computed straight from the demo file, independently of the services:
 * replay its commands (corrections replace, retractions remove) and add up.
 */
final class DemoExpectations {

    record Project(int activities, int participants, Map<String, Double> indicators) {
    }

    private record Fact(LocalDate on, double value) {
    }

    static Map<String, Project> compute() throws IOException {
        Map<String, Map<String, JsonNode>> activities = new LinkedHashMap<>();
        Map<String, Map<String, String>> types = new HashMap<>();
        Map<String, Map<String, JsonNode>> indicators = new LinkedHashMap<>();
        Map<String, List<JsonNode>> measurements = new HashMap<>();
        for (DemoData.Command command : DemoData.commands()) {
            String[] path = command.path().split("/");
            if (path.length == 3) {
                activities.put(command.body().get("projectId").asText(), new LinkedHashMap<>());
                continue;
            }
            String project = path[3];
            String kind = path[4];
            if (kind.equals("indicators") && path.length == 5) {
                indicators.computeIfAbsent(project, k -> new LinkedHashMap<>())
                        .put(command.body().get("indicatorId").asText(), command.body());
            } else if (kind.equals("indicators") && path[6].equals("measurements")) {
                measurements.computeIfAbsent(project + "/" + path[5], k -> new ArrayList<>()).add(command.body());
            } else if (kind.equals("activities") && path.length == 6) {
                activities.get(project).put(command.body().get("activityId").asText(), command.body());
                types.computeIfAbsent(project, k -> new HashMap<>()).put(command.body().get("activityId").asText(), path[5]);
            } else if (kind.equals("activities") && path[6].equals("corrections")) {
                activities.get(project).put(path[5], command.body().get("corrected"));
            } else if (kind.equals("activities") && path[6].equals("retractions")) {
                activities.get(project).remove(path[5]);
            }
        }
        Map<String, Project> expected = new LinkedHashMap<>();
        for (var project : activities.entrySet()) {
            int participants = project.getValue().values().stream()
                    .mapToInt(a -> a.path("participants").path("total").asInt(0)).sum();
            Map<String, Double> achieved = new LinkedHashMap<>();
            for (var indicator : indicators.getOrDefault(project.getKey(), Map.of()).entrySet()) {
                List<Fact> facts = new ArrayList<>();
                String counts = indicator.getValue().get("counts").asText();
                for (var activity : project.getValue().entrySet()) {
                    JsonNode data = activity.getValue();
                    boolean names = false;
                    for (JsonNode id : data.path("indicatorIds")) {
                        names |= id.asText().equals(indicator.getKey());
                    }
                    if (!names || counts.equals("measured")) {
                        continue;
                    }
                    String type = types.get(project.getKey()).get(activity.getKey());
                    double value = switch (counts) {
                        case "participants" -> data.path("participants").path("total").asInt(0);
                        case "items" -> type.equals("materials-distributed") ? data.get("quantity").asDouble()
                                : type.equals("media-produced") || type.equals("award-granted")
                                ? data.get("count").asDouble() : 1;
                        default -> 1;
                    };
                    facts.add(new Fact(LocalDate.parse(data.get("occurredOn").asText()), value));
                }
                for (JsonNode m : measurements.getOrDefault(project.getKey() + "/" + indicator.getKey(), List.of())) {
                    facts.add(new Fact(LocalDate.parse(m.get("measuredOn").asText()), m.get("value").asDouble()));
                }
                facts.sort(Comparator.comparing(Fact::on));
                String aggregation = indicator.getValue().get("aggregation").asText();
                double value = facts.isEmpty() ? 0 : switch (aggregation) {
                    case "latest" -> facts.get(facts.size() - 1).value();
                    case "average" -> facts.stream().mapToDouble(Fact::value).average().orElse(0);
                    default -> facts.stream().mapToDouble(Fact::value).sum();
                };
                achieved.put(indicator.getKey(), value);
            }
            expected.put(project.getKey(), new Project(project.getValue().size(), participants, achieved));
        }
        return expected;
    }
}
