package org.kronika.query.project;

import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A project's registration details, as amended since. */
public record ProjectDetails(String organisationId, String organisation, boolean organisationInvented, String title,
                             String summary, String generalGoal, List<String> specificObjectives,
                             List<String> targetGroups, List<String> municipalities, LocalDate startDate,
                             LocalDate endDate, Instant registeredAt) {

    public ProjectDetails {
        specificObjectives = specificObjectives == null ? List.of() : List.copyOf(specificObjectives);
        targetGroups = targetGroups == null ? List.of() : List.copyOf(targetGroups);
        municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
    }

    static ProjectDetails of(ProjectRegistered event, Instant recordedAt) {
        return new ProjectDetails(event.organisationId(), event.organisation(), event.organisationInvented(),
                event.title(), event.summary(), event.generalGoal(), event.specificObjectives(), event.targetGroups(),
                event.municipalities(), event.startDate(), event.endDate(), recordedAt);
    }

    ProjectDetails amended(ProjectDetailsAmended event) {
        return new ProjectDetails(organisationId, organisation, organisationInvented, or(event.title(), title),
                or(event.summary(), summary), or(event.generalGoal(), generalGoal),
                or(event.specificObjectives(), specificObjectives), or(event.targetGroups(), targetGroups),
                or(event.municipalities(), municipalities), startDate, or(event.endDate(), endDate), registeredAt);
    }

    /** The details as they were before an amendment: each field it changed set back to its value before. */
    ProjectDetails before(Amendment amendment) {
        ProjectDetails details = this;
        for (var change : amendment.changes().entrySet()) {
            Object was = change.getValue().before();
            details = switch (change.getKey()) {
                case "title" -> details.with(was == null ? null : was.toString(), null, null, null, null, null, null);
                case "summary" -> details.with(null, text(was), null, null, null, null, null);
                case "generalGoal" -> details.with(null, null, text(was), null, null, null, null);
                case "specificObjectives" -> details.with(null, null, null, texts(was), null, null, null);
                case "targetGroups" -> details.with(null, null, null, null, texts(was), null, null);
                case "municipalities" -> details.with(null, null, null, null, null, texts(was), null);
                case "endDate" -> details.with(null, null, null, null, null, null,
                        was == null ? null : LocalDate.parse(was.toString()));
                default -> details;
            };
        }
        return details;
    }

    private ProjectDetails with(String newTitle, String newSummary, String newGoal, List<String> newObjectives,
                                List<String> newGroups, List<String> newPlaces, LocalDate newEnd) {
        return new ProjectDetails(organisationId, organisation, organisationInvented, or(newTitle, title),
                or(newSummary, summary), or(newGoal, generalGoal), or(newObjectives, specificObjectives),
                or(newGroups, targetGroups), or(newPlaces, municipalities), startDate, or(newEnd, endDate),
                registeredAt);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> texts(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }

    private static <T> T or(T changed, T unchanged) {
        return changed != null ? changed : unchanged;
    }
}
